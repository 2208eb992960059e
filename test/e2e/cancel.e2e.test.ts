import { describe, expect, it } from "vitest";
import type { FakeMessage } from "../../src/fakes/discord/fake-discord.js";
import type { FakeWorld } from "../../src/fakes/fake-world.js";
import { en } from "../support/catalog-text.js";
import { answerTo, finishedReply, freshWorlds, submitsOf } from "../support/e2e-helpers.js";

const start = freshWorlds();

const cancelIdOf = (message: FakeMessage | undefined) =>
  (JSON.stringify(message?.components ?? []).match(/"custom_id":"(grok-video:cancel:[^"]+)"/) ??
    [])[1];

/**
 * Alice's first video holds the server's only slot at TTAPI, so her second request waits in
 * the bot's line; resolves to both, once the second shows its Cancel button.
 */
async function aliceWaitsInLine(w: FakeWorld) {
  w.ttapi.scriptSubmits({ accept: true, steps: [{ status: "ON_QUEUE" }] });
  const first = w.discord.runCommand("grok-video", { prompt: "line: running" });
  await w.ttapi.submits.waitFor((s) => s.body.prompt === "line: running" && s.jobId !== undefined);
  const second = w.discord.runCommand("grok-video", { prompt: "line: waiting" });
  await w.discord.calls.waitFor(
    () => cancelIdOf(w.discord.originalResponse(second.interactionId)) !== undefined,
    5_000,
    "the Cancel button",
  );
  return { first, second, message: w.discord.originalResponse(second.interactionId)! };
}

const usage = (w: FakeWorld) => answerTo(w, w.discord.runCommand("grok-usage"));

describe("Cancel while waiting in the bot's line", () => {
  const env = { MAX_ACTIVE_JOBS_PER_GUILD: "1", DEFAULT_MEMBER_VIDEO_LIMIT: "3" };

  it("takes the request out of the line, gives its quota back, and it is never submitted", async () => {
    const w = await start({ env });
    const { first, second, message } = await aliceWaitsInLine(w);
    expect(await usage(w)).toContain(en.allowanceYou(1, 3));

    const click = w.discord.clickButton(message, cancelIdOf(message)!);
    await w.discord.calls.waitFor(
      () => (w.discord.originalResponse(click.interactionId)?.content ?? "") !== "",
      5_000,
      "the answer to the click",
    );
    expect(w.discord.originalResponse(click.interactionId)?.content).toContain(en.cancelDone);
    const cancelled = await finishedReply(w, second.interactionId);
    expect(cancelled.content).toContain(en.failures.cancelled());
    expect(cancelled.content).toContain(en.quotaGivenBack);
    expect(await usage(w)).toContain(en.allowanceYou(2, 3));

    // The slot frees: nothing of the cancelled request reaches TTAPI.
    w.ttapi.scriptJob(submitsOf(w, "line: running")[0]!.jobId!, [{ status: "SUCCESS" }]);
    await finishedReply(w, first.interactionId);
    expect(submitsOf(w, "line: waiting")).toHaveLength(0);
  });

  it("refuses another member's click, privately, and the request stays in line", async () => {
    const w = await start({ env });
    const { second, message } = await aliceWaitsInLine(w);

    w.discord.clickButton(message, cancelIdOf(message)!, w.discord.users.bob);
    const refusal = await w.discord.calls.waitFor(
      (c) => String(c.body?.content ?? "").includes("Only the member who asked"),
      5_000,
      "the refusal",
    );
    expect(refusal.path).toMatch(/^\/webhooks\//);
    expect(w.discord.messages.get(message.id)?.embeds[0]?.title).toContain("Waiting");
    expect(cancelIdOf(w.discord.originalResponse(second.interactionId))).toBeDefined();
  });
});
