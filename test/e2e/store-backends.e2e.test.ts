import { describe, expect, it, type TestContext } from "vitest";
import type { FakeWorldOptions } from "../../src/fakes/fake-world.js";
import { RETRY_BUTTON_ID } from "../../src/interactions/custom-ids.js";
import {
  finishedReply,
  finishedRetryOf,
  freePort,
  freshWorlds,
  isPrivateAnswer,
  shownVideo,
  submitsOf,
  videoLinkIn,
} from "../support/e2e-helpers.js";
import { storeBackends } from "../support/store-backends.js";

const backends = storeBackends();

const startWorld = freshWorlds();

/** The key flows of the bot, each on SQLite and on a real Redis server. */
describe.each(backends)("key flows on $name", ({ prepare }) => {
  const start = async (context: TestContext, options: FakeWorldOptions = {}) =>
    startWorld({ ...options, storeUrl: await prepare(context) });

  it("delivers a video", async (context) => {
    const w = await start(context);
    const { interactionId } = w.discord.runCommand("grok-video", { prompt: "store: an otter" });
    const reply = await finishedReply(w, interactionId);
    expect(shownVideo(reply).link).toBe(
      w.ttapi.videoUrl(submitsOf(w, "store: an otter")[0]!.jobId!),
    );
  });

  it("repeats exactly once for a 🔁 delivered twice and a Retry click at once", async (context) => {
    const w = await start(context);
    const { interactionId } = w.discord.runCommand("grok-video", { prompt: "store: once" });
    const original = await finishedReply(w, interactionId);
    const event = w.discord.react(original.id, "🔁", w.discord.users.alice);
    w.discord.dispatchRaw("MESSAGE_REACTION_ADD", event);
    w.discord.clickButton(original, RETRY_BUTTON_ID);
    await finishedRetryOf(w, original.id);
    await w.discord.calls.waitFor(
      (c) => c.method === "PATCH" && /moments ago|Making it again/.test(String(c.body?.content)),
      5_000,
      "the answer to the click",
    );
    expect(submitsOf(w, "store: once")).toHaveLength(2);
  });

  it("starts exactly 3 jobs for 20 requests at once against a limit of 3", async (context) => {
    const w = await start(context, {
      env: { DEFAULT_GUILD_VIDEO_LIMIT: "3", MAX_ACTIVE_JOBS_PER_USER: "20" },
    });
    for (let i = 0; i < 20; i++) w.discord.runCommand("grok-video", { prompt: "store: rush" });
    await w.discord.calls.waitFor(
      () => w.discord.calls.filter(isPrivateAnswer).length === 17,
      10_000,
      "17 refusals",
    );
    await w.ttapi.submits.waitFor(() => submitsOf(w, "store: rush").length === 3);
    // The refusals came after their reservations failed: no fourth can start.
    expect(submitsOf(w, "store: rush")).toHaveLength(3);
  });

  it("shows a video within 250 ms of TTAPI's callback", async (context) => {
    const port = await freePort();
    const w = await start(context, {
      env: {
        HOOK_PUBLIC_URL: `http://127.0.0.1:${port}`,
        HOOK_PORT: String(port),
        HOOK_SAFETY_POLL_INTERVAL_MS: "600000",
      },
    });
    w.ttapi.scriptSubmits({ accept: true, steps: [{ status: "ON_QUEUE" }] });
    const { interactionId } = w.discord.runCommand("grok-video", { prompt: "store: callback" });
    const submit = await w.ttapi.submits.waitFor((s) => s.body.prompt === "store: callback");
    await w.discord.calls.waitFor(
      () => w.discord.originalResponse(interactionId)?.embeds.length === 1,
    );
    const successAt = Date.now();
    expect(await w.ttapi.finishJob(submit.jobId!)).toBe(202);
    await finishedReply(w, interactionId);
    const shown = w.discord.calls.filter(
      (c) => c.method === "PATCH" && videoLinkIn(c.body?.content) !== undefined,
    )[0]!;
    expect(shown.at - successAt).toBeLessThan(250);
  });
});
