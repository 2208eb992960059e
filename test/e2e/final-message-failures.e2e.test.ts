import { describe, expect, it } from "vitest";
import type { FakeWorld } from "../../src/fakes/fake-world.js";
import { capturedLog } from "../support/captured-log.js";
import { freshWorlds, videoLinkIn } from "../support/e2e-helpers.js";
import { storeBackends } from "../support/store-backends.js";

const start = freshWorlds();
const EDITS = /^\/(webhooks\/\d+\/[^/]+|channels\/\d+)\/messages\/[^/]+$/;
const POSTS = /^\/channels\/\d+\/messages$/;

/**
 * A job held at TTAPI until its reply shows it generating; then `breakDiscord` runs and
 * TTAPI finishes it. Resolves to the message in the channel that carries the video link,
 * replying to the request's reply.
 */
async function finishWhileDiscordFails(storeUrl: string, breakDiscord: (w: FakeWorld) => void) {
  const log = capturedLog();
  const w = await start({
    storeUrl,
    logger: log.logger,
    env: { ATTACH_VIDEOS: "false", DISCORD_RETRY_DELAY_MS: "5" },
  });
  w.ttapi.scriptSubmits({ accept: true, steps: [{ status: "ON_QUEUE" }] });
  const { interactionId } = w.discord.runCommand("grok-video", { prompt: "edits fail: a heron" });
  await w.discord.calls.waitFor(
    () =>
      JSON.stringify(w.discord.originalResponse(interactionId)?.embeds ?? []).includes(
        "Generating",
      ),
    10_000,
    "the generating status",
  );
  const original = w.discord.originalResponse(interactionId)!;
  const jobId = w.ttapi.submits.entries[0]!.jobId!;
  breakDiscord(w);
  w.ttapi.scriptJob(jobId, [{ status: "SUCCESS" }]);
  const carrying = await w.discord.calls.waitFor(
    (call) =>
      call.method === "POST" &&
      POSTS.test(call.path) &&
      call.status === 200 &&
      videoLinkIn(call.body?.content) === w.ttapi.videoUrl(jobId),
    20_000,
    "a new message with the video",
  );
  return { w, log, original, carrying };
}

describe.each(storeBackends())(
  "Discord fails the message that carries the video, on $name",
  ({ prepare }) => {
    it("a 500 on every edit: retried with backoff, then a new message replies to the request", async (context) => {
      const { w, original, carrying } = await finishWhileDiscordFails(
        await prepare(context),
        (w) => {
          w.discord.failNext("PATCH", EDITS, 500, 1_000);
        },
      );
      expect(carrying.body?.message_reference).toMatchObject({ message_id: original.id });
      // discord.js's own three tries, then the bot's three, for each of the two edit routes.
      const failedEdits = w.discord.calls.filter(
        (call) => call.method === "PATCH" && EDITS.test(call.path),
      ).length;
      expect(failedEdits).toBeGreaterThanOrEqual(2 * 4);
    });

    it("50035 on the edits: a new message carries it, and the error names the field", async (context) => {
      const { log, original, carrying } = await finishWhileDiscordFails(
        await prepare(context),
        (w) => {
          w.discord.failNext("PATCH", EDITS, 400, 2);
        },
      );
      expect(carrying.body?.message_reference).toMatchObject({ message_id: original.id });
      const invalid = log.lines.entries.filter((line) => line.level >= 50);
      expect(invalid.map((line) => line.msg)).toEqual([
        expect.stringContaining("Discord refused the job's message as invalid"),
        expect.stringContaining("Discord refused the job's message as invalid"),
      ]);
      expect(JSON.stringify(invalid[0]!.fields)).toContain("content");
    });

    it("50035 on the new message too: the video goes out as one line of text", async (context) => {
      const { carrying } = await finishWhileDiscordFails(await prepare(context), (w) => {
        w.discord.failNext("PATCH", EDITS, 400, 2);
        w.discord.failNext("POST", POSTS, 400, 1);
      });
      expect(carrying.body?.embeds).toBeUndefined();
      expect(carrying.body?.allowed_mentions).toEqual({ parse: [], replied_user: false });
    });
  },
);
