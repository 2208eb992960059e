import { describe, expect, it } from "vitest";
import { grokVideoOptionsSchema } from "../../src/handlers/video-request-options.js";
import { en } from "../../src/i18n/en.js";
import { modelLimits } from "../../src/services/ttapi/model-limits.js";
import { describeInvalidOptions } from "../../src/views/user-messages.js";

const MB = 1024 * 1024;
const schema = grokVideoOptionsSchema(10 * MB, modelLimits(undefined), en);
const png = (name = "cat.png", size = 200_000) => ({
  url: `https://cdn.discordapp.com/attachments/1/2/${name}`,
  name,
  contentType: "image/png",
  size,
});

function problems(input: Record<string, unknown>): string {
  const result = schema.safeParse(input);
  if (result.success) throw new Error("expected invalid input to be refused");
  return describeInvalidOptions(result.error, en);
}

describe("/grok-video options", () => {
  it("applies the defaults: 16:9, 10 seconds, no images", () => {
    expect(schema.parse({ prompt: "  a fox in snow  " })).toEqual({
      prompt: "a fox in snow",
      aspectRatio: "16:9",
      videoLength: 10,
      referImages: [],
    });
  });

  it("collects attachments and URLs into reference images, in order", () => {
    const parsed = schema.parse({
      prompt: "x",
      aspect_ratio: "9:16",
      length: 30,
      image: png("a.png"),
      image3: png("c.png"),
      image_urls: "https://example.com/1.jpg,  https://example.com/2.jpg",
    });
    expect(parsed.referImages).toEqual([
      png("a.png").url,
      png("c.png").url,
      "https://example.com/1.jpg",
      "https://example.com/2.jpg",
    ]);
    expect(parsed.videoLength).toBe(30);
  });

  it.each([
    [{ prompt: "   " }, "The prompt is empty"],
    [{}, "The prompt is missing"],
    [{ prompt: "x".repeat(1501) }, "too long"],
    [{ prompt: "x", aspect_ratio: "4:3" }, "Aspect ratio must be one of 16:9, 9:16, 1:1, 2:3, 3:2"],
    [{ prompt: "x", length: 5 }, "Length must be 10 to 30 seconds"],
    [{ prompt: "x", length: 31 }, "Length must be 10 to 30 seconds"],
    [{ prompt: "x", length: 12.5 }, "whole number"],
    [{ prompt: "x", length: "20" }, "whole number"],
    [
      { prompt: "x", image_urls: "ftp://example.com/a.png" },
      "“ftp://example.com/a.png” in image_urls is not an https:// link",
    ],
    [{ prompt: "x", image_urls: "http://example.com/a.png" }, "not an https:// link"],
    [{ prompt: "x", image_urls: "not a url" }, "not an https:// link"],
    [
      { prompt: "x", image: { ...png("notes.pdf"), contentType: "application/pdf" } },
      "image (“notes.pdf”) is not an image",
    ],
    [{ prompt: "x", image2: { ...png("x"), contentType: null } }, "image2 (“x”) is not an image"],
    [
      { prompt: "x", image: png("big.png", 11 * MB) },
      "image (“big.png”) is 11.0 MB; the limit is 10 MB",
    ],
    [{ prompt: "x", image: "123456" }, "image must be an uploaded image"],
    [
      {
        prompt: "x",
        image: png("a.png"),
        image_urls:
          "https://e.com/1.png https://e.com/2.png https://e.com/3.png https://e.com/4.png",
      },
      "At most 4 reference images",
    ],
  ])("refuses %j with a message saying what to fix", (input, expected) => {
    expect(problems(input)).toContain(expected);
  });

  it("lists every problem at once", () => {
    const text = problems({ prompt: "", aspect_ratio: "4:3", length: 5 });
    expect(text.split("\n").filter((line) => line.startsWith("•"))).toHaveLength(3);
  });

  describe("with TTAPI_MODEL=grok-imagine-video-1.5-preview (1–15 s, exactly one image)", () => {
    const preview = grokVideoOptionsSchema(
      10 * MB,
      modelLimits("grok-imagine-video-1.5-preview"),
      en,
    );
    const refusal = (input: Record<string, unknown>) => {
      const result = preview.safeParse(input);
      if (result.success) throw new Error("expected invalid input to be refused");
      return describeInvalidOptions(result.error, en);
    };

    it("accepts one image and a length the model allows", () => {
      expect(preview.parse({ prompt: "a kite", length: 3, image: png() })).toMatchObject({
        videoLength: 3,
        referImages: [png().url],
      });
    });

    it("refuses lengths past 15 s, no image, and more than one image", () => {
      expect(refusal({ prompt: "a kite", length: 20, image: png() })).toContain(
        "Length must be 1 to 15 seconds.",
      );
      expect(refusal({ prompt: "a kite" })).toContain("This model needs a reference image");
      expect(
        refusal({ prompt: "a kite", image: png(), image_urls: "https://example.com/b.png" }),
      ).toContain("This model takes one reference image");
    });
  });
});
