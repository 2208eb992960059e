import { describe, expect, it } from "vitest";
import type { FakeWorld } from "../../src/fakes/fake-world.js";
import { finishedReply, freshWorlds } from "../support/e2e-helpers.js";

const start = freshWorlds();

const readyField = (w: FakeWorld, interactionId: string) =>
  w.discord.originalResponse(interactionId)?.embeds[0]?.fields?.find((f) => f.name === "Ready")
    ?.value;

/** Starts a job that TTAPI holds in its queue; resolves once its reply shows it queued. */
async function heldJob(w: FakeWorld, prompt: string, length: number) {
  w.ttapi.scriptSubmits({ accept: true, steps: [{ status: "ON_QUEUE" }] });
  const { interactionId } = w.discord.runCommand("grok-video", { prompt, length });
  await w.discord.calls.waitFor(
    () => JSON.stringify(w.discord.originalResponse(interactionId)?.embeds ?? []).includes("queue"),
    5_000,
    `${prompt} queued`,
  );
  const { jobId } = await w.ttapi.submits.waitFor((s) => s.body.prompt === prompt);
  return { interactionId, jobId: jobId! };
}

describe("an ETA from the durations the bot has seen", () => {
  it("shows none before five videos of that length were made, then the median, then says it runs late", async () => {
    const w = await start();
    for (const i of [1, 2, 3, 4]) {
      const { interactionId } = w.discord.runCommand("grok-video", {
        prompt: `eta ${i}`,
        length: 10,
      });
      await finishedReply(w, interactionId);
    }
    const fifth = await heldJob(w, "eta 5", 10);
    expect(readyField(w, fifth.interactionId)).toBeUndefined();
    w.ttapi.scriptJob(fifth.jobId, [{ status: "SUCCESS" }]);
    await finishedReply(w, fifth.interactionId);

    // Five made: the next 10-second video gets an ETA; a 30-second one has no history yet.
    const sixth = await heldJob(w, "eta 6", 10);
    expect(readyField(w, sixth.interactionId)).toMatch(/^expected <t:\d+:R>$/);
    const long = await heldJob(w, "eta long", 30);
    expect(readyField(w, long.interactionId)).toBeUndefined();

    // TTAPI keeps the sixth far past what the first five took: the message says so, once.
    await w.discord.calls.waitFor(
      () => readyField(w, sixth.interactionId) === "Taking longer than usual",
      5_000,
      "the late notice",
    );
    const polls = () => w.ttapi.fetches.filter((f) => f.jobId === sixth.jobId).length;
    const seen = polls();
    await w.ttapi.fetches.waitFor(() => polls() >= seen + 3, 5_000, "three more polls");
    const lateEdits = w.discord.calls.filter((c) =>
      JSON.stringify(c.body?.embeds ?? []).includes("Taking longer than usual"),
    );
    expect(lateEdits).toHaveLength(1);
  });
});
