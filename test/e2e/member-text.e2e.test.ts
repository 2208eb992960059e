import { describe, expect, it } from "vitest";
import type { FakeWorld } from "../../src/fakes/fake-world.js";
import { answerTo, finishedReply, freshWorlds } from "../support/e2e-helpers.js";

const start = freshWorlds();

/** A lone half of a surrogate pair: what a clip through the middle of an emoji leaves. */
const BROKEN_EMOJI = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** `/grok-jobs job:` for a job, as the member receives it (Discord refuses over 2,000). */
async function detailOf(w: FakeWorld, interactionId: string) {
  const asked = w.discord.runCommand("grok-jobs", { job: interactionId });
  const text = await answerTo(w, asked);
  expect(text).not.toContain("Something went wrong");
  return text;
}

describe("what members type, shown by the bot", () => {
  it("cannot put a clickable masked link in the bot's message or the log channel", async () => {
    const w = await start();
    const log = w.discord.addChannel();
    await answerTo(
      w,
      w.discord.runCommand(
        "grok-settings log-channel set",
        { channel: { channelId: log } },
        w.discord.users.owner,
      ),
    );
    const prompt = "[Download](https://evil.example/x.mp4) a cat # big **bold**";
    const reply = await finishedReply(
      w,
      w.discord.runCommand("grok-video", { prompt }).interactionId,
    );
    const description = reply.embeds[0]?.description ?? "";
    expect(description).toContain("\\[Download](https://evil.example/x.mp4)");
    expect(description).toContain("\\*\\*bold\\*\\*");
    await w.discord.calls.waitFor(
      (call) =>
        call.path === `/channels/${log}/messages` && String(call.body?.content).includes("evil"),
      5_000,
      "the audit line",
    );
    const audit = w.discord.calls
      .filter((call) => call.path === `/channels/${log}/messages`)
      .map((call) => String(call.body?.content))
      .filter((content) => content.includes("evil"));
    expect(audit.every((line) => line.includes("\\[Download]"))).toBe(true);
  });

  it("keeps every message within Discord's limits, and never cuts an emoji in half", async () => {
    const w = await start();
    const stars = w.discord.runCommand("grok-video", { prompt: "*".repeat(1_500) });
    await finishedReply(w, stars.interactionId);
    expect((await detailOf(w, stars.interactionId)).length).toBeLessThanOrEqual(2_000);

    w.ttapi.scriptSubmits({
      accept: true,
      steps: [{ status: "FAILED", message: `moderation: ${"very long reason ".repeat(60)}` }],
    });
    const failed = w.discord.runCommand("grok-video", { prompt: "_".repeat(1_500) });
    await finishedReply(w, failed.interactionId);
    expect((await detailOf(w, failed.interactionId)).length).toBeLessThanOrEqual(2_000);

    const emoji = await finishedReply(
      w,
      w.discord.runCommand("grok-video", { prompt: "😀".repeat(300) }).interactionId,
    );
    expect(emoji.embeds[0]?.description).not.toMatch(BROKEN_EMOJI);
    expect(emoji.embeds[0]?.description?.endsWith("😀…")).toBe(true);
  });
});
