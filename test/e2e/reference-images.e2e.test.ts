import { describe, expect, it } from "vitest";
import type { FakeWorld } from "../../src/fakes/fake-world.js";
import { en } from "../support/catalog-text.js";
import {
  answerTo,
  finishedReply,
  finishedRetryOf,
  freshWorlds,
  submitsOf,
} from "../support/e2e-helpers.js";

const start = freshWorlds();
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A finished job made from an attached image whose Discord link has expired since (the
 * fake hands it out already expired, as a day later), and the link it was submitted with.
 */
async function jobWithExpiredImage(w: FakeWorld, prompt: string) {
  w.discord.cdn.urlLifetimeMs = 0;
  const { interactionId } = w.discord.runCommand("grok-video", {
    prompt,
    image: { filename: "cat.png", contentType: "image/png", size: 2_000 },
  });
  const original = await finishedReply(w, interactionId);
  w.discord.cdn.urlLifetimeMs = DAY_MS;
  const [link] = submitsOf(w, prompt)[0]!.body.refer_images as string[];
  expect(w.discord.cdn.isValid(link!)).toBe(false);
  return { original, link: link! };
}

describe("reference images stay usable for 🔁", () => {
  it("renews an expired attachment link with Discord and submits the renewed one", async () => {
    const w = await start();
    const { original, link } = await jobWithExpiredImage(w, "refer: a cat in space");

    w.discord.react(original.id, "🔁");
    await finishedRetryOf(w, original.id);

    const [, again] = submitsOf(w, "refer: a cat in space");
    const [renewed] = again!.body.refer_images as string[];
    expect(renewed).not.toBe(link);
    expect(w.discord.cdn.isValid(renewed!)).toBe(true);
    const refresh = w.discord.calls.filter((c) => c.path === "/attachments/refresh-urls");
    expect(refresh.map((c) => c.body)).toEqual([{ attachment_urls: [link] }]);
  });

  it("says the image is gone, submits nothing and charges nothing when Discord cannot renew it", async () => {
    const w = await start({ env: { DEFAULT_MEMBER_VIDEO_LIMIT: "3", RETRY_NOTICE_SECONDS: "60" } });
    const { original, link } = await jobWithExpiredImage(w, "refer: a dog");
    // The attachment no longer exists at Discord: its link cannot be renewed.
    w.discord.cdn.forget(link);

    w.discord.react(original.id, "🔁");
    const notice = await w.discord.calls.waitFor(
      (c) => c.method === "POST" && String(c.body?.content).includes("no longer available"),
      5_000,
      "the notice",
    );
    expect(String(notice.body?.content)).toContain(en.retryImageGone);
    expect(submitsOf(w, "refer: a dog")).toHaveLength(1);

    const usage = await answerTo(w, w.discord.runCommand("grok-usage", {}));
    expect(usage).toContain(en.allowanceYou(2, 3));
  });
});
