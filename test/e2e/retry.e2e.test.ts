import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MessageFlags } from "discord-api-types/v10";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PERMISSIONS, type RestCall } from "../../src/fakes/discord/fake-discord.js";
import { type FakeWorld, startFakeWorld } from "../../src/fakes/fake-world.js";
import { RETRY_BUTTON_ID } from "../../src/interactions/custom-ids.js";
import { finishedReply, finishedRetryOf, shownVideo, submitsOf } from "../support/e2e-helpers.js";

let world: FakeWorld;
beforeAll(async () => {
  world = await startFakeWorld({
    storeUrl: `sqlite://${join(mkdtempSync(join(tmpdir(), "grok-retry-")), "store.sqlite")}`,
    env: { RETRY_NOTICE_SECONDS: "0.2", RETRY_COOLDOWN_SECONDS: "60" },
  });
});
afterAll(() => world?.stop());

/** Runs /grok-video as alice and returns the finished reply. */
async function finishedJob(prompt: string) {
  const { interactionId } = world.discord.runCommand("grok-video", {
    prompt,
    aspect_ratio: "1:1",
    length: 15,
  });
  return finishedReply(world, interactionId);
}

const noticeSaying = (text: string) => (call: RestCall) =>
  call.method === "POST" && String(call.body?.content).includes(text);

const reactionRemoved = (messageId: string, userId: string) => (call: RestCall) =>
  call.method === "DELETE" && call.path.endsWith(`/messages/${messageId}/reactions/🔁/${userId}`);

describe("retry by 🔁 and by the Retry button", () => {
  it("repeats the requester's generation once, in a new reply, and tidies the 🔁", async () => {
    const original = await finishedJob("retry: a lighthouse");
    await world.discord.calls.waitFor(
      (call) =>
        call.method === "PUT" && call.path.endsWith(`/messages/${original.id}/reactions/🔁/@me`),
    );
    expect(original.reactionsBy["🔁"]).toContain(world.discord.botUser.id);
    expect(JSON.stringify(original.components)).toContain(RETRY_BUTTON_ID);
    const originalContent = original.content;

    world.discord.react(original.id, "🔁", world.discord.users.alice);
    const retry = await finishedRetryOf(world, original.id);

    const submits = submitsOf(world, "retry: a lighthouse");
    expect(submits).toHaveLength(2);
    expect(submits[1]!.body).toEqual(submits[0]!.body);
    // A message the bot posts itself names the requester (without a ping) before the video.
    expect(retry.content.startsWith(`<@${world.discord.users.alice.id}> `)).toBe(true);
    expect(shownVideo(retry)).toEqual({
      link: world.ttapi.videoUrl(submits[1]!.jobId!),
      file: world.ttapi.videoBytes,
    });
    expect(world.discord.messages.get(original.id)?.content).toBe(originalContent);
    await world.discord.calls.waitFor(reactionRemoved(original.id, world.discord.users.alice.id));
    expect(world.discord.messages.get(original.id)?.reactionsBy["🔁"]).not.toContain(
      world.discord.users.alice.id,
    );
    // The new message can be retried in turn.
    await world.discord.calls.waitFor(
      (call) =>
        call.method === "PUT" && call.path.includes(`/messages/${retry.id}/reactions/🔁/@me`),
    );
    expect(JSON.stringify(retry.components)).toContain(RETRY_BUTTON_ID);
  });

  it("ignores another member's 🔁 and removes it", async () => {
    const original = await finishedJob("retry: not yours");
    world.discord.react(original.id, "🔁", world.discord.users.bob);
    await world.discord.calls.waitFor(reactionRemoved(original.id, world.discord.users.bob.id));
    expect(submitsOf(world, "retry: not yours")).toHaveLength(1);
    const notices = [...world.discord.messages.values()].filter(
      (m) => m.message_reference?.message_id === original.id,
    );
    expect(notices).toEqual([]);
  });

  it("lets a moderator repeat someone else's generation", async () => {
    const original = await finishedJob("retry: moderated");
    world.discord.react(original.id, "🔄", world.discord.users.moderator);
    await finishedRetryOf(world, original.id);
    expect(submitsOf(world, "retry: moderated")).toHaveLength(2);
  });

  it("starts one job when the same 🔁 is delivered twice, and says nothing", async () => {
    const original = await finishedJob("retry: delivered twice");
    const event = world.discord.react(original.id, "🔁", world.discord.users.alice);
    world.discord.dispatchRaw("MESSAGE_REACTION_ADD", event);
    await finishedRetryOf(world, original.id);
    // A later 🔁 on another message is a barrier: gateway events are handled in order.
    const other = await finishedJob("retry: barrier");
    world.discord.react(other.id, "🔁", world.discord.users.alice);
    await finishedRetryOf(world, other.id);
    expect(submitsOf(world, "retry: delivered twice")).toHaveLength(2);
    expect(world.discord.calls.filter(noticeSaying("moments ago"))).toEqual([]);
  });

  it("tells a member who reacts again within the cooldown when they can repeat it", async () => {
    const original = await finishedJob("retry: again soon");
    world.discord.react(original.id, "🔁", world.discord.users.alice);
    // The bot takes the 🔁 off once it has acted; a new 🔁 after that is a new request.
    await world.discord.calls.waitFor(reactionRemoved(original.id, world.discord.users.alice.id));
    world.discord.react(original.id, "🔁", world.discord.users.alice);
    const notice = await world.discord.calls.waitFor(noticeSaying("moments ago"), 5_000);
    expect(String(notice.body?.content)).toMatch(
      /This video was repeated moments ago\. It can be repeated again <t:\d+:R>\./,
    );
    await finishedRetryOf(world, original.id);
    expect(submitsOf(world, "retry: again soon")).toHaveLength(2);
  });

  it("starts one job for a Retry click, and answers the clicker privately", async () => {
    const original = await finishedJob("retry: button");
    const { interactionId } = world.discord.clickButton(original, RETRY_BUTTON_ID);
    await finishedRetryOf(world, original.id);
    expect(submitsOf(world, "retry: button")).toHaveLength(2);
    const answer = await world.discord.calls.waitFor(
      (call) => call.method === "PATCH" && String(call.body?.content).includes("Making it again"),
    );
    expect(answer.path).toContain("/messages/@original");
    expect(world.discord.originalResponse(interactionId)?.flags ?? 0).toBe(MessageFlags.Ephemeral);
  });

  it("refuses a Retry click from another member, privately, with no job", async () => {
    const original = await finishedJob("retry: button not yours");
    world.discord.clickButton(original, RETRY_BUTTON_ID, world.discord.users.bob);
    await world.discord.calls.waitFor(
      (call) => call.method === "PATCH" && String(call.body?.content).includes("Only the member"),
    );
    expect(submitsOf(world, "retry: button not yours")).toHaveLength(1);
  });

  it("ignores the bot's own 🔁", async () => {
    const original = await finishedJob("retry: bot echo");
    // The fake echoes the bot's 🔁 as MESSAGE_REACTION_ADD, as Discord does; send one more.
    world.discord.react(original.id, "🔁", world.discord.botUser);
    // A member's 🔁 afterwards is a barrier: gateway events are handled in order.
    world.discord.react(original.id, "🔁", world.discord.users.alice);
    const retry = await finishedRetryOf(world, original.id);
    expect(submitsOf(world, "retry: bot echo")).toHaveLength(2);
    const requester = retry.embeds[0]?.fields?.find((field) => field.name === "Requested by");
    expect(requester?.value).toBe(`<@${world.discord.users.alice.id}>`);
  });

  it("says so when the job's record has expired, and starts nothing", async () => {
    const original = await finishedJob("retry: expired");
    await world.store.kv.delete(`job-by-message:${original.id}`);
    world.discord.react(original.id, "🔁", world.discord.users.alice);
    const notice = await world.discord.calls.waitFor(
      (call) => call.method === "POST" && String(call.body?.content).includes("too old to repeat"),
    );
    expect(notice.body?.allowed_mentions).toEqual({ parse: [], replied_user: false });
    // The notice deletes itself.
    await world.discord.calls.waitFor(
      (call) =>
        call.method === "DELETE" &&
        call.path.startsWith("/channels/") &&
        !call.path.includes("/reactions/"),
    );
    expect(submitsOf(world, "retry: expired")).toHaveLength(1);
  });

  it("repeats from an uncached message after a restart", async () => {
    const original = await finishedJob("retry: after restart");
    await world.restartBot();
    world.discord.react(original.id, "🔁", world.discord.users.alice);
    await finishedRetryOf(world, original.id);
    expect(submitsOf(world, "retry: after restart")).toHaveLength(2);
  });
});

describe("retry limits and permissions", () => {
  it("refuses a retry over quota with a short notice, starting nothing", async () => {
    const w = await startFakeWorld({
      env: { DEFAULT_MEMBER_VIDEO_LIMIT: "1", RETRY_NOTICE_SECONDS: "60" },
    });
    try {
      const { interactionId } = w.discord.runCommand("grok-video", { prompt: "retry: over quota" });
      const original = await finishedReply(w, interactionId);
      w.discord.react(original.id, "🔁", w.discord.users.alice);
      const notice = await w.discord.calls.waitFor(
        (c) => c.method === "POST" && String(c.body?.content).includes("You have used all 1 video"),
      );
      expect(String(notice.body?.content)).toMatch(/Usage resets <t:\d+:R>/);
      expect(submitsOf(w, "retry: over quota")).toHaveLength(1);
    } finally {
      await w.stop();
    }
  });

  it("works without Manage Messages, leaving the member's 🔁 in place", async () => {
    const w = await startFakeWorld({ discord: { botPermissions: PERMISSIONS.member } });
    try {
      const { interactionId } = w.discord.runCommand("grok-video", { prompt: "retry: no perms" });
      const original = await finishedReply(w, interactionId);
      w.discord.react(original.id, "🔁", w.discord.users.alice);
      await finishedRetryOf(w, original.id);
      expect(submitsOf(w, "retry: no perms")).toHaveLength(2);
      expect(
        w.discord.calls.filter((c) => c.method === "DELETE" && c.path.includes("/reactions/")),
      ).toEqual([]);
    } finally {
      await w.stop();
    }
  });
});
