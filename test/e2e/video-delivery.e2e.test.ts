import { describe, expect, it } from "vitest";
import type { FakeWorld, FakeWorldOptions } from "../../src/fakes/fake-world.js";
import { VIDEO_FILE_NAME } from "../../src/views/job-message.js";
import { en } from "../support/catalog-text.js";
import { finishedReply, freshWorlds, shownVideo, submitsOf } from "../support/e2e-helpers.js";

const start = freshWorlds();
const MiB = 1024 * 1024;

/**
 * Starts a job and holds it at TTAPI until the test has said how TTAPI's file server
 * answers for its video; then it succeeds. Resolves to the finished reply.
 */
async function finishWith(
  options: FakeWorldOptions,
  serve: (w: FakeWorld, jobId: string, interactionToken: string) => void,
  prompt = "video: a kite",
) {
  const w = await start({
    ...options,
    env: { DEFAULT_MEMBER_VIDEO_LIMIT: "3", ...options.env },
  });
  w.ttapi.scriptSubmits({ accept: true, steps: [{ status: "ON_QUEUE" }] });
  const { interactionId, token } = w.discord.runCommand("grok-video", { prompt });
  const submit = await w.ttapi.submits.waitFor((s) => s.body.prompt === prompt);
  const jobId = submit.jobId!;
  // The reply shows the job: the bot knows its message, as for any job under way.
  await w.discord.calls.waitFor(
    () => w.discord.originalResponse(interactionId)?.embeds.length === 1,
    5_000,
    "the queued reply",
  );
  serve(w, jobId, token);
  w.ttapi.scriptJob(jobId, [{ status: "SUCCESS" }]);
  const reply = await finishedReply(w, interactionId);
  return { w, jobId, reply };
}

/** Calls that uploaded a file to Discord. */
const uploads = (w: FakeWorld) => w.discord.calls.filter((call) => call.files.length > 0);

describe("finished videos are attached, so they outlive TTAPI's link", () => {
  it("attaches the bytes TTAPI served and keeps a Download link that says when it expires", async () => {
    const { w, jobId, reply } = await finishWith({}, () => undefined);
    expect(shownVideo(reply)).toEqual({ link: w.ttapi.videoUrl(jobId), file: w.ttapi.videoBytes });
    expect(reply.attachments.map((a) => a.filename)).toEqual([VIDEO_FILE_NAME]);
    expect(reply.content).toMatch(/^\[Download\]\(<.+\.mp4>\) · TTAPI's link expires <t:\d+:R>$/);
    expect(uploads(w)).toHaveLength(1);
  });

  it("shows a 12 MiB video as its link when the limit is 10 MiB, and the job still counts as made", async () => {
    const { w, jobId, reply } = await finishWith({}, (w, id) => {
      w.ttapi.serveVideo(id, { size: 12 * MiB });
    });
    expect(shownVideo(reply)).toEqual({ link: w.ttapi.videoUrl(jobId), file: undefined });
    expect(reply.content).toContain(en.notAttachedTooLarge(12 * MiB, 10 * MiB));
    expect(reply.embeds[0]?.title).toContain("ready");
    // Succeeded and charged like any other video: one of three used.
    expect(reply.embeds[0]?.footer?.text).toContain(en.allowanceYou(2, 3));
    expect(uploads(w)).toHaveLength(0);
    expect(w.ttapi.videoRequests.entries).toHaveLength(1);
  });

  it("retries TTAPI's file server: three 500s and then the file is still attached", async () => {
    const { w, reply } = await finishWith({}, (w, id) => {
      w.ttapi.serveVideo(id, { failures: 3 });
    });
    expect(shownVideo(reply).file).toEqual(w.ttapi.videoBytes);
    expect(w.ttapi.videoRequests.entries.map((r) => r.status)).toEqual([500, 500, 500, 200]);
  });

  it("shows the link, saying why, when TTAPI's file server keeps failing", async () => {
    const { w, jobId, reply } = await finishWith({}, (w, id) => {
      w.ttapi.serveVideo(id, { failures: 1_000 });
    });
    expect(shownVideo(reply)).toEqual({ link: w.ttapi.videoUrl(jobId), file: undefined });
    expect(reply.content).toContain(en.notAttachedDownload);
    expect(reply.embeds[0]?.footer?.text).toContain(en.allowanceYou(2, 3));
  });

  it("shows the link, saying why, when Discord refuses the upload (413)", async () => {
    const { w, jobId, reply } = await finishWith({}, (w) => {
      w.discord.failNextUpload(413);
    });
    expect(shownVideo(reply)).toEqual({ link: w.ttapi.videoUrl(jobId), file: undefined });
    expect(reply.content).toContain(en.notAttachedRefused);
    expect(w.discord.calls.filter((c) => c.status === 413)).toHaveLength(1);
  });

  it("shows the link, saying why, when Discord keeps failing the upload (500s past its retries)", async () => {
    const { w, jobId, reply } = await finishWith({}, (w) => {
      w.discord.failNextUpload(500, 10);
    });
    expect(shownVideo(reply)).toEqual({ link: w.ttapi.videoUrl(jobId), file: undefined });
    expect(reply.content).toContain(en.notAttachedRefused);
    expect(reply.embeds[0]?.title).toContain("ready");
  });

  it("shows the link, saying why, when the bot lacks Attach Files after the token expired", async () => {
    const { w, jobId, reply } = await finishWith({}, (w, _id, token) => {
      w.discord.expireInteractionToken(token);
      w.discord.setBotPermissions(w.discord.users.moderator.permissions);
    });
    expect(shownVideo(reply)).toEqual({ link: w.ttapi.videoUrl(jobId), file: undefined });
    expect(reply.content).toContain(en.notAttachedRefused);
    const refused = w.discord.calls.filter((c) => c.status === 403 && c.files.length > 0);
    expect(refused.map((c) => c.path)).toEqual([
      `/channels/${w.discord.channelId}/messages/${reply.id}`,
    ]);
  });

  it("attaches through the channel route with the server's boost-tier limit once the token is old", async () => {
    // Tokens count as expired at once: time compressed, as if the job took 15 minutes.
    const w = await start({ env: { INTERACTION_TOKEN_SAFE_AGE_MS: "1" } });
    w.discord.boostGuild(2);
    w.ttapi.scriptSubmits({ accept: true, steps: [{ status: "ON_QUEUE" }] });
    w.discord.runCommand("grok-video", { prompt: "video: late and large" });
    const { jobId } = await w.ttapi.submits.waitFor(
      (s) => s.body.prompt === "video: late and large",
    );
    w.ttapi.serveVideo(jobId!, { size: 12 * MiB });
    w.ttapi.scriptJob(jobId!, [{ status: "SUCCESS" }]);

    // Tier 2 allows 50 MiB; the interaction's 10 MiB no longer applies.
    const upload = await w.discord.calls.waitFor((c) => c.files.length > 0, 8_000, "the upload");
    expect(upload).toMatchObject({ status: 200, path: expect.stringMatching(/^\/channels\//) });
    expect(upload.files).toEqual([{ name: VIDEO_FILE_NAME, size: 12 * MiB }]);
    expect(w.discord.calls.filter((c) => c.path.startsWith("/webhooks/"))).toEqual([]);
  });

  it("uses the larger limit Discord gives an interaction (a member's Nitro)", async () => {
    const { w, reply } = await finishWith(
      { discord: { attachmentSizeLimit: 50 * MiB } },
      (w, id) => {
        w.ttapi.serveVideo(id, { size: 12 * MiB });
      },
    );
    expect(shownVideo(reply).file?.length).toBe(12 * MiB);
    expect(uploads(w)).toHaveLength(1);
  });

  it("never shows a video as attached when ATTACH_VIDEOS=false, and never downloads it", async () => {
    const { w, jobId, reply } = await finishWith(
      { env: { ATTACH_VIDEOS: "false" } },
      () => undefined,
    );
    expect(reply.content).toBe(w.ttapi.videoUrl(jobId));
    expect(reply.attachments).toEqual([]);
    expect(w.ttapi.videoRequests.entries).toHaveLength(0);
    expect(submitsOf(w, "video: a kite")).toHaveLength(1);
  });
});
