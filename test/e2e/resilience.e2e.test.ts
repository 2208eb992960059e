import { MessageFlags } from "discord-api-types/v10";
import { describe, expect, it } from "vitest";
import type { FakeWorld } from "../../src/fakes/fake-world.js";
import type { FetchStep } from "../../src/fakes/ttapi/fake-ttapi.js";
import { VIDEO_FILE_NAME } from "../../src/views/job-message.js";
import {
  finishedReply,
  freePort,
  freshWorlds,
  shownVideo,
  submitsOf,
  videoLinkIn,
} from "../support/e2e-helpers.js";

const start = freshWorlds();

const generating = (w: FakeWorld, interactionId: string) =>
  w.discord.calls.waitFor(
    () =>
      JSON.stringify(w.discord.originalResponse(interactionId)?.embeds ?? []).includes(
        "Generating",
      ),
    5_000,
    "the generating status",
  );

describe("nothing lost", () => {
  it("delivers the video through the channel after the interaction token expired", async () => {
    const w = await start();
    const steps: FetchStep[] = [{ status: "ON_QUEUE" }];
    w.ttapi.scriptSubmits({ accept: true, steps });
    const { interactionId, token } = w.discord.runCommand("grok-video", {
      prompt: "late: a comet",
    });
    await generating(w, interactionId);
    w.discord.expireInteractionToken(token);
    const jobId = submitsOf(w, "late: a comet")[0]!.jobId!;
    w.ttapi.scriptJob(jobId, [{ status: "SUCCESS" }]);

    const reply = await finishedReply(w, interactionId);
    expect(shownVideo(reply)).toEqual({ link: w.ttapi.videoUrl(jobId), file: w.ttapi.videoBytes });
    const webhookRefused = w.discord.calls.filter(
      (c) => c.path.includes(token) && c.status === 401,
    );
    expect(webhookRefused.length).toBeGreaterThan(0);
    const channelEdit = w.discord.calls.filter(
      (c) =>
        c.method === "PATCH" && c.path === `/channels/${w.discord.channelId}/messages/${reply.id}`,
    );
    // The channel route carried the attachment.
    expect(videoLinkIn(channelEdit.at(-1)?.body?.content)).toBe(w.ttapi.videoUrl(jobId));
    expect(channelEdit.at(-1)?.files).toEqual([
      { name: VIDEO_FILE_NAME, size: w.ttapi.videoBytes.length },
    ]);
  });

  it("replaces a deleted reply with a new message, and keeps working", async () => {
    const w = await start();
    w.ttapi.scriptSubmits({ accept: true, steps: [{ status: "ON_QUEUE" }] });
    const { interactionId } = w.discord.runCommand("grok-video", { prompt: "deleted: a fox" });
    await generating(w, interactionId);
    const original = w.discord.originalResponse(interactionId)!;
    w.discord.deleteMessage(original.id);
    const jobId = submitsOf(w, "deleted: a fox")[0]!.jobId!;
    w.ttapi.scriptJob(jobId, [{ status: "SUCCESS" }]);

    const replacement = await w.discord.calls.waitFor(
      (c) =>
        c.method === "POST" &&
        c.path.endsWith("/messages") &&
        videoLinkIn(c.body?.content) !== undefined,
      5_000,
      "the replacement message",
    );
    expect(String(replacement.body?.content).startsWith(`<@${w.discord.users.alice.id}> `)).toBe(
      true,
    );
    expect(videoLinkIn(replacement.body?.content)).toBe(w.ttapi.videoUrl(jobId));
    expect(replacement.files).toHaveLength(1);
    expect(replacement.body?.allowed_mentions).toEqual({ parse: [], replied_user: false });
    // Still alive: the next command works.
    await finishedReply(
      w,
      w.discord.runCommand("grok-video", { prompt: "deleted: next" }).interactionId,
    );
  });

  it("survives Discord failing edits (500s, a 429, missing permissions) and still delivers", async () => {
    const w = await start();
    // discord.js retries a 5xx three times: four failures lose the first status edit.
    w.discord.failNext("PATCH", /^\/webhooks\//, 500, 4);
    const { interactionId } = w.discord.runCommand("grok-video", { prompt: "flaky discord" });
    await w.discord.calls.waitFor((c) => c.method === "PATCH" && c.status === 500);
    // A rate limit: discord.js waits retry_after and sends the edit again.
    w.discord.failNext("PATCH", /^\/webhooks\//, 429, 1);
    // No Add Reactions permission: the 🔁 cannot be added.
    w.discord.failNext("PUT", /\/reactions\//, 403, 1);
    const reply = await finishedReply(w, interactionId);
    expect(shownVideo(reply).file).toBeDefined();
    expect(w.discord.calls.filter((c) => c.status === 429)).toHaveLength(1);
    await w.discord.calls.waitFor((c) => c.method === "PUT" && c.status === 403);
    // Still alive and serving.
    await finishedReply(
      w,
      w.discord.runCommand("grok-video", { prompt: "after flaky" }).interactionId,
    );
  });

  it("shows still working while TTAPI answers 500 thirty times, then delivers", async () => {
    const w = await start();
    const outage: FetchStep[] = Array.from({ length: 30 }, () => ({ httpStatus: 500 }));
    w.ttapi.scriptSubmits({
      accept: true,
      steps: [{ status: "ON_QUEUE" }, ...outage, { status: "SUCCESS" }],
    });
    const { interactionId } = w.discord.runCommand("grok-video", { prompt: "outage: rain" });
    const reply = await finishedReply(w, interactionId, 15_000);
    expect(shownVideo(reply).file).toBeDefined();
    expect(w.ttapi.fetches.filter((f) => f.answer === "500").length).toBe(30);
    const shown = w.discord.calls
      .filter((c) => c.method === "PATCH")
      .map((c) => JSON.stringify(c.body));
    expect(shown.some((body) => body.includes("No video"))).toBe(false);
  });

  it("keeps a request in line when TTAPI's slots are full (499), showing its place", async () => {
    const w = await start({ ttapi: { concurrencyLimit: 1 }, env: { SUBMIT_RETRY_DELAY_MS: "30" } });
    w.ttapi.scriptSubmits({ accept: true, steps: [{ status: "ON_QUEUE" }] });
    const first = w.discord.runCommand("grok-video", { prompt: "line: first" });
    await generating(w, first.interactionId);

    const second = w.discord.runCommand("grok-video", { prompt: "line: second" });
    await w.discord.calls.waitFor(
      () =>
        JSON.stringify(w.discord.originalResponse(second.interactionId)?.embeds ?? []).includes(
          '"Place in line","value":"1"',
        ),
      5_000,
      "the place in line",
    );
    expect(submitsOf(w, "line: second").every((s) => s.jobId === undefined)).toBe(true);

    // The fake frees its slot when the first job finishes; the second is then accepted.
    w.ttapi.scriptJob(submitsOf(w, "line: first")[0]!.jobId!, [{ status: "SUCCESS" }]);
    const reply = await finishedReply(w, second.interactionId);
    expect(shownVideo(reply).file).toBeDefined();
    expect(submitsOf(w, "line: second").filter((s) => s.jobId !== undefined)).toHaveLength(1);
  });

  it("starts one job when the same interaction is delivered twice", async () => {
    const w = await start();
    const { interactionId, payload } = w.discord.runCommand("grok-video", {
      prompt: "twice: an owl",
    });
    w.discord.dispatchRaw("INTERACTION_CREATE", payload);
    await finishedReply(w, interactionId);
    expect(submitsOf(w, "twice: an owl")).toHaveLength(1);
    expect(
      w.discord.calls.filter((c) => c.path.startsWith(`/interactions/${interactionId}/`)),
    ).toHaveLength(1);
  });

  it("caps a member's jobs in flight, with a clear private message", async () => {
    const w = await start({ env: { MAX_ACTIVE_JOBS_PER_USER: "1" } });
    w.ttapi.scriptSubmits({ accept: true, steps: [{ status: "ON_QUEUE" }] });
    const first = w.discord.runCommand("grok-video", { prompt: "cap: one" });
    await generating(w, first.interactionId);
    w.discord.runCommand("grok-video", { prompt: "cap: two" });
    const refusal = await w.discord.calls.waitFor(
      (c) =>
        c.method === "POST" &&
        String(c.body?.content).includes("You already have 1 video being made"),
    );
    expect(Number(refusal.body?.flags) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect(submitsOf(w, "cap: two")).toHaveLength(0);
  });

  it.each([
    [403, "account blocked", "The bot's TTAPI key is not accepted — please tell the bot owner."],
    [
      400,
      "The prompt contains banned words.",
      "TTAPI refused this request. Change the prompt or options and try again. TTAPI said: “The prompt contains banned words.”",
    ],
    // A 402 (balance empty) fails nothing: see ttapi-balance.e2e.test.ts.
  ])("tells users plainly when TTAPI answers %i", async (httpStatus, message, expected) => {
    const w = await start();
    w.ttapi.scriptSubmits({ httpStatus, message });
    const { interactionId } = w.discord.runCommand("grok-video", { prompt: `error ${httpStatus}` });
    const reply = await finishedReply(w, interactionId);
    expect(reply.content).toContain(expected);
    expect(reply.content).not.toMatch(/Error|at .*\.ts|fake-ttapi-key/);
  });
});

describe("TTAPI callbacks", () => {
  it("shows nothing from a forged callback; only what a fetch confirms", async () => {
    const port = await freePort();
    const w = await start({
      env: {
        HOOK_PUBLIC_URL: `http://127.0.0.1:${port}/`,
        HOOK_PORT: String(port),
        HOOK_SAFETY_POLL_INTERVAL_MS: "600000",
      },
    });
    w.ttapi.scriptSubmits({ accept: true, steps: [{ status: "ON_QUEUE" }] });
    const { interactionId } = w.discord.runCommand("grok-video", { prompt: "hook: a kite" });
    const submit = await w.ttapi.submits.waitFor((s) => s.body.prompt === "hook: a kite");
    const hookUrl = String(submit.body.hook_url);
    expect(hookUrl).toMatch(
      new RegExp(`^http://127\\.0\\.0\\.1:${port}/ttapi-hook/\\d+/[\\w-]{32}$`),
    );
    await w.discord.calls.waitFor(
      () => w.discord.originalResponse(interactionId)?.embeds.length === 1,
    );

    const post = (url: string, body: unknown) =>
      fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const forged = {
      status: "SUCCESS",
      message: "success",
      jobId: submit.jobId,
      data: { videoUrl: "https://evil.example/x.mp4", quota: "1" },
    };
    expect((await post(hookUrl.replace(/[\w-]{32}$/, "x".repeat(32)), forged)).status).toBe(404);
    expect((await post(hookUrl, { hello: "world" })).status).toBe(400);
    expect((await post(hookUrl, { status: "x".repeat(70_000) })).status).toBe(413);

    const fetchesBefore = w.ttapi.fetches.entries.length;
    expect((await post(hookUrl, forged)).status).toBe(202);
    // The bot checks with TTAPI, which says the job is still generating.
    await w.ttapi.fetches.waitFor(() => w.ttapi.fetches.entries.length > fetchesBefore);
    await generating(w, interactionId);
    const allWrites = JSON.stringify(w.discord.calls.entries.map((c) => c.body));
    expect(allWrites).not.toContain("evil.example");

    // TTAPI's own callback: the job is fetched, confirmed and shown long before the
    // ten-minute safety poll would have found it.
    expect(await w.ttapi.finishJob(submit.jobId!)).toBe(202);
    const reply = await finishedReply(w, interactionId);
    expect(shownVideo(reply).link).toBe(w.ttapi.videoUrl(submit.jobId!));
    // A replay after the end changes nothing.
    expect((await post(hookUrl, forged)).status).toBe(200);
    expect(JSON.stringify(w.discord.calls.entries.map((c) => c.body))).not.toContain(
      "evil.example",
    );
  });
});
