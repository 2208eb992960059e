import { MessageFlags } from "discord-api-types/v10";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RestCall } from "../../src/fakes/discord/fake-discord.js";
import { type FakeWorld, startFakeWorld } from "../../src/fakes/fake-world.js";
import { RETRY_BUTTON_ID } from "../../src/interactions/custom-ids.js";
import { ANY, en, fixedPart } from "../support/catalog-text.js";
import { finishedReply, finishedRetryOf, shownVideo, submitsOf } from "../support/e2e-helpers.js";

let world: FakeWorld;
beforeEach(async () => {
  // These tests are about quotas: the cap on jobs in flight must not get in the way.
  world = await startFakeWorld({
    env: { MAX_ACTIVE_JOBS_PER_USER: "100", MAX_ACTIVE_JOBS_PER_GUILD: "100" },
  });
});
afterEach(() => world?.stop());

/** Runs a command and returns its private answer, once it has text. */
async function privateAnswer(command: string, options = {}, user = world.discord.users.owner) {
  const { interactionId } = world.discord.runCommand(command, options, user);
  const answer = () => world.discord.originalResponse(interactionId);
  await world.discord.calls.waitFor(
    () => answer()?.ephemeral === true && answer()?.content !== "",
    5_000,
    `the answer to /${command}`,
  );
  return answer()!.content;
}

const quotaRefusal = (call: RestCall) =>
  call.method === "POST" &&
  call.path.startsWith("/webhooks/") &&
  (Number(call.body?.flags ?? 0) & MessageFlags.Ephemeral) !== 0 &&
  /used all|budget|allows videos/.test(String(call.body?.content));

describe("quotas end to end", () => {
  it("refuses a member's second video of the day, privately and without calling TTAPI", async () => {
    const saved = await privateAnswer("grok-quota set", { member_videos: 1, period: "day" });
    expect(saved).toContain(en.settingsLimits.memberVideos(en.videos(1)));

    await finishedReply(
      world,
      world.discord.runCommand("grok-video", { prompt: "quota: first" }).interactionId,
    );
    const { interactionId } = world.discord.runCommand("grok-video", { prompt: "quota: second" });
    const refusal = await world.discord.calls.waitFor(quotaRefusal, 5_000, "the refusal");
    expect(String(refusal.body?.content)).toContain(fixedPart(en.quotaMemberVideos(1, ANY)));
    expect(submitsOf(world, "quota: second")).toHaveLength(0);
    // The public "thinking…" reply was removed; only the member saw the refusal.
    expect(world.discord.originalResponse(interactionId)?.deleted).toBe(true);
  });

  it("does not let a member without Manage Server change limits", async () => {
    const answer = await privateAnswer(
      "grok-quota set",
      { member_videos: 1 },
      world.discord.users.alice,
    );
    expect(answer).toContain(en.permissions.manageServer);
    const shown = await privateAnswer("grok-quota show");
    expect(shown).toContain(en.settingsLimits.memberVideos(en.unlimited));
  });

  it("starts exactly 3 jobs when 20 requests arrive together against a limit of 3", async () => {
    await privateAnswer("grok-quota set", { server_videos: 3 });
    for (let i = 0; i < 20; i++) world.discord.runCommand("grok-video", { prompt: "quota: rush" });
    await world.discord.calls.waitFor(
      () => world.discord.calls.filter(quotaRefusal).length === 17,
      10_000,
      "17 refusals",
    );
    expect(submitsOf(world, "quota: rush")).toHaveLength(3);
  });

  it("gives a failed job's reservation back", async () => {
    await privateAnswer("grok-quota set", { member_videos: 1 });
    await finishedReply(
      world,
      world.discord.runCommand("grok-video", { prompt: "quota: storm [fail]" }).interactionId,
    );
    const again = world.discord.runCommand("grok-video", { prompt: "quota: after failure" });
    await finishedReply(world, again.interactionId);
    expect(submitsOf(world, "quota: after failure")).toHaveLength(1);
  });

  describe("a failed job's quota is back before the member is told", () => {
    /**
     * Starts a job that fails and holds Discord's answer to the failure edit: `act` runs
     * the instant that edit arrives, and the edit only completes once `decided()` says the
     * member's next request was accepted or refused.
     */
    async function atTheMomentOfFailure(act: (failed: { messageId: string }) => void) {
      await privateAnswer("grok-quota set", { member_videos: 1 });
      const held = world.discord.hold(
        (c) => c.method === "PATCH" && String(c.body?.content).includes("No video"),
      );
      // This one submit fails; a retry of the same prompt gets the fake's default (a video).
      world.ttapi.scriptSubmits({
        accept: true,
        steps: [{ status: "ON_QUEUE" }, { status: "FAILED", message: "moderation" }],
      });
      const failing = world.discord.runCommand("grok-video", { prompt: "quota: fails" });
      await held.arrived;
      const messageId = world.discord.originalResponse(failing.interactionId)!.id;
      act({ messageId });
      return { held, failing };
    }

    it("accepts the member's next /grok-video sent as the failure appears", async () => {
      const { held, failing } = await atTheMomentOfFailure(() => undefined);
      const next = world.discord.runCommand("grok-video", { prompt: "quota: right after" });
      await world.discord.calls.waitFor(
        () =>
          submitsOf(world, "quota: right after").length > 0 ||
          world.discord.calls.filter(quotaRefusal).length > 0,
        5_000,
        "the next request to be accepted or refused",
      );
      held.release();

      const reply = await finishedReply(world, next.interactionId);
      expect(shownVideo(reply).file).toBeDefined();
      expect(world.discord.calls.filter(quotaRefusal)).toHaveLength(0);
      const failed = await finishedReply(world, failing.interactionId);
      expect(failed.content).toContain(en.quotaGivenBack);
    });

    it("accepts a Retry clicked on the failure as it appears", async () => {
      let retried = "";
      const { held } = await atTheMomentOfFailure(({ messageId }) => {
        retried = messageId;
        const message = world.discord.messages.get(messageId)!;
        world.discord.clickButton(message, RETRY_BUTTON_ID);
      });
      const retryAnswer = () =>
        world.discord.calls.filter(
          (c) => c.method === "PATCH" && /Making it again|used all/.test(String(c.body?.content)),
        )[0];
      await world.discord.calls.waitFor(() => retryAnswer() !== undefined, 5_000, "the answer");
      held.release();

      expect(String(retryAnswer()?.body?.content)).toContain(en.retryStarted);
      const retry = await finishedRetryOf(world, retried);
      expect(shownVideo(retry).file).toBeDefined();
    });
  });

  it("shows members their usage, and the allowance on job messages", async () => {
    await privateAnswer("grok-quota set", { member_videos: 3, credits: 100 });
    const reply = await finishedReply(
      world,
      world.discord.runCommand("grok-video", { prompt: "quota: usage", length: 30 }).interactionId,
    );
    expect(reply.embeds[0]?.footer?.text).toContain("Left today: you: 2/3 videos, 91/100 credits");

    const usage = await privateAnswer("grok-usage", {}, world.discord.users.alice);
    expect(usage).toContain(en.usageMade(en.videos(1), en.credits(9), en.periods.day));
    expect(usage).toContain("you: 2/3 videos");

    const shown = await privateAnswer("grok-quota show");
    expect(shown).toContain("**1 video**, **9 credits**");
    expect(shown).toContain(`1. <@${world.discord.users.alice.id}> — 1 video, 9 credits`);
  });

  it("clears and resets", async () => {
    await privateAnswer("grok-quota set", { member_videos: 1 });
    await finishedReply(
      world,
      world.discord.runCommand("grok-video", { prompt: "quota: one" }).interactionId,
    );
    const reset = await privateAnswer("grok-quota reset", {
      member: { userId: world.discord.users.alice.id },
    });
    expect(reset).toContain(en.quotaReset(`<@${world.discord.users.alice.id}>`));
    await finishedReply(
      world,
      world.discord.runCommand("grok-video", { prompt: "quota: after reset" }).interactionId,
    );
    const cleared = await privateAnswer("grok-quota clear", { limit: "all" });
    expect(cleared).toContain(en.settingsLimits.memberVideos(en.unlimited));
  });

  it("refuses invalid values sent raw, with a message, changing nothing", async () => {
    const answer = await privateAnswer("grok-quota set", { member_videos: -5, max_length: 99 });
    expect(answer).toContain(en.quotaAtLeastOne("member_videos"));
    expect(answer).toContain(en.quotaMaxLengthRange(1, 30));
    expect(await privateAnswer("grok-quota show")).toContain(
      en.settingsLimits.memberVideos(en.unlimited),
    );
  });
});
