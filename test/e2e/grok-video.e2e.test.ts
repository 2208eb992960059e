import { InteractionResponseType, MessageFlags } from "discord-api-types/v10";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeOptionValue } from "../../src/fakes/discord/discord-payloads.js";
import { type FakeWorld, startFakeWorld } from "../../src/fakes/fake-world.js";
import { catalogFor } from "../../src/i18n/catalog.js";
import { KEY_CHECK_JOB_ID } from "../../src/services/ttapi/ttapi-client.js";
import { ANY, fixedPart } from "../support/catalog-text.js";
import { callbackOf, finishedReply, shownVideo } from "../support/e2e-helpers.js";

let world: FakeWorld;

beforeAll(async () => {
  world = await startFakeWorld();
});
afterAll(() => world?.stop());

describe("/grok-video end to end", () => {
  it("acknowledges within 3 s, submits once, shows status, then the playable video", async () => {
    const sentAt = Date.now();
    const { interactionId } = world.discord.runCommand("grok-video", {
      prompt: "a red panda skateboarding",
      aspect_ratio: "9:16",
      length: 20,
    });
    const ack = await world.discord.calls.waitFor(callbackOf(interactionId), 3_000, "the ack");
    expect(ack.at - sentAt).toBeLessThan(3_000);
    expect(ack.body?.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);

    const reply = await finishedReply(world, interactionId);
    const submits = world.ttapi.submits.filter(
      (s) => s.body.prompt === "a red panda skateboarding",
    );
    expect(submits).toHaveLength(1);
    expect(submits[0]!.apiKey).toBe("fake-ttapi-key");
    expect(submits[0]!.body).toMatchObject({ aspect_ratio: "9:16", video_length: "20" });

    const edits = world.discord.calls
      .filter(
        (c) =>
          c.method === "PATCH" && c.path.includes(world.discord.applicationId) && c.at >= sentAt,
      )
      .map((c) => JSON.stringify(c.body?.embeds));
    expect(edits.some((embeds) => embeds.includes("Waiting in TTAPI's queue"))).toBe(true);
    expect(edits.some((embeds) => embeds.includes("Generating your video"))).toBe(true);

    // The video is attached (it outlives TTAPI's link), and TTAPI's link is there too.
    expect(shownVideo(reply)).toEqual({
      link: world.ttapi.videoUrl(submits[0]!.jobId!),
      file: world.ttapi.videoBytes,
    });
    expect(reply.embeds[0]?.title).toContain("ready");
    expect(reply.ephemeral).toBe(false);
  });

  it("shows a FAILED job with TTAPI's reason and no video link", async () => {
    const { interactionId } = world.discord.runCommand("grok-video", { prompt: "a storm [fail]" });
    const reply = await finishedReply(world, interactionId);
    expect(reply.content).toContain("content moderation");
    expect(reply.content).not.toMatch(/\.mp4/);
  });

  it.each<[Record<string, FakeOptionValue>, string]>([
    [{ prompt: "a cat", length: 5 }, "Length must be 10 to 30 seconds"],
    [{ prompt: "a cat", aspect_ratio: "4:3" }, "Aspect ratio must be one of"],
    [{ prompt: "   " }, "The prompt is empty"],
    [{ prompt: "a cat", image_urls: "ftp://example.com/cat.png" }, "not an https:// link"],
    // TTAPI fetches image links: none may point it into a network of its own.
    ...[
      "https://127.0.0.1/cat.png",
      "https://[::1]/cat.png",
      "https://2130706433/cat.png",
      "https://8.8.8.8/cat.png",
      "https://localhost/cat.png",
      "https://metadata.google.internal/cat.png",
      "https://intranet/cat.png",
      "https://printer.local/cat.png",
    ].map((url): [Record<string, FakeOptionValue>, string] => [
      { prompt: "a cat", image_urls: url },
      fixedPart(catalogFor(null).imageUrlNotPublic(ANY)),
    ]),
    [
      { prompt: "a cat", image: { filename: "cat.txt", contentType: "text/plain", size: 20 } },
      "is not an image",
    ],
  ])("refuses %j ephemerally, with zero TTAPI calls", async (options, expected) => {
    const submitsBefore = world.ttapi.submits.entries.length;
    const { interactionId } = world.discord.runCommand("grok-video", options);
    const ack = await world.discord.calls.waitFor(callbackOf(interactionId), 3_000, "the refusal");
    const data = ack.body?.data as { content: string; flags: number };
    expect(ack.body?.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(data.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(data.content).toContain(expected);
    expect(world.ttapi.submits.entries.length).toBe(submitsBefore);
  });

  it("pings nobody when the prompt says @everyone", async () => {
    const sentAt = Date.now();
    const { interactionId } = world.discord.runCommand("grok-video", {
      prompt: "@everyone look at <@&123> and @here",
    });
    await finishedReply(world, interactionId);
    const writes = world.discord.calls.filter(
      (c) =>
        c.at >= sentAt &&
        (c.method === "PATCH" || c.method === "POST") &&
        c.body !== undefined &&
        ("content" in c.body || "content" in ((c.body.data as object) ?? {})),
    );
    expect(writes.length).toBeGreaterThan(1);
    for (const call of writes) {
      const payload = (call.body?.data ?? call.body) as { allowed_mentions?: { parse: string[] } };
      expect(payload.allowed_mentions?.parse, `${call.method} ${call.path}`).toEqual([]);
    }
  });

  it("tells users plainly when the bot's TTAPI key is refused, and polls nothing", async () => {
    const badKey = await startFakeWorld({ ttapi: { apiKey: "the-real-key" } });
    try {
      const { interactionId } = badKey.discord.runCommand("grok-video", { prompt: "a boat" });
      await badKey.discord.calls.waitFor(
        (c) => c.method === "PATCH" && String(c.body?.content).includes("TTAPI key"),
        5_000,
        "the key error",
      );
      const reply = badKey.discord.originalResponse(interactionId)!;
      expect(reply.content).toContain(
        "The bot's TTAPI key is not accepted — please tell the bot owner.",
      );
      expect(reply.content).not.toContain("fake-ttapi-key");
      // The one fetch is the key check at start; the refused job is never polled.
      const polls = badKey.ttapi.fetches.entries.filter((f) => f.jobId !== KEY_CHECK_JOB_ID);
      expect(polls).toHaveLength(0);
    } finally {
      await badKey.stop();
    }
  });

  it("registers and enforces the limits of TTAPI_MODEL=grok-imagine-video-1.5-preview", async () => {
    const preview = await startFakeWorld({
      env: { TTAPI_MODEL: "grok-imagine-video-1.5-preview" },
    });
    try {
      const registered = preview.discord.commands.get("global") as {
        name: string;
        options: { name: string; min_value?: number; max_value?: number }[];
      }[];
      const command = registered.find((c) => c.name === "grok-video")!;
      expect(command.options.map((o) => o.name)).toEqual([
        "prompt",
        "aspect_ratio",
        "length",
        "image",
        "image_urls",
      ]);
      expect(command.options.find((o) => o.name === "length")).toMatchObject({
        min_value: 1,
        max_value: 15,
      });

      const refusal = async (options: Record<string, string | number>) => {
        const { interactionId } = preview.discord.runCommand("grok-video", options);
        const answer = () => preview.discord.originalResponse(interactionId);
        await preview.discord.calls.waitFor(() => answer()?.ephemeral === true, 5_000, "refusal");
        return answer()!.content;
      };
      expect(await refusal({ prompt: "a kite", length: 20 })).toContain(
        "Length must be 1 to 15 seconds.",
      );
      expect(await refusal({ prompt: "a kite", length: 5 })).toContain(
        "This model needs a reference image",
      );

      const image = { filename: "kite.png", contentType: "image/png", size: 1_000 };
      const fine = preview.discord.runCommand("grok-video", { prompt: "a kite", length: 5, image });
      await finishedReply(preview, fine.interactionId);
      expect(preview.ttapi.submits.entries.map((s) => s.body)).toEqual([
        expect.objectContaining({ model: "grok-imagine-video-1.5-preview", video_length: "5" }),
      ]);
    } finally {
      await preview.stop();
    }
  });
});
