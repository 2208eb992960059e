import { describe, expect, it, type TestContext } from "vitest";
import type { FakeWorld, FakeWorldOptions } from "../../src/fakes/fake-world.js";
import { capturedLog } from "../support/captured-log.js";
import { ANY, en, fixedPart } from "../support/catalog-text.js";
import {
  answerTo,
  finishedReply,
  freePort,
  freshWorlds,
  shownVideo,
} from "../support/e2e-helpers.js";
import { storeBackends } from "../support/store-backends.js";

const backends = storeBackends();
const startWorld = freshWorlds();

const EDGE_PAGE =
  "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><p>cloud edge</p></body></html>";

/** The job's message, once it shows `text`. */
async function replyShowing(w: FakeWorld, interactionId: string, text: string) {
  await w.discord.calls.waitFor(
    () => (w.discord.originalResponse(interactionId)?.content ?? "").includes(text),
    8_000,
    `the reply to say “${text}”`,
  );
  return w.discord.originalResponse(interactionId)!;
}

const MAY_STILL_BE_MADE = "TTAPI may still be making it";

describe.each(backends)(
  "a submit TTAPI may have taken without saying so, on $name",
  ({ prepare }) => {
    const start = async (context: TestContext, options: FakeWorldOptions & { hooks?: boolean }) => {
      const port = await freePort();
      return startWorld({
        ...options,
        storeUrl: await prepare(context),
        env: {
          // One video each: a held reservation shows as a refusal of the next request.
          DEFAULT_MEMBER_VIDEO_LIMIT: "1",
          TTAPI_REQUEST_TIMEOUT_MS: "400",
          ...(options.hooks === false
            ? {}
            : {
                HOOK_PUBLIC_URL: `http://127.0.0.1:${port}`,
                HOOK_PORT: String(port),
                // Polls still find accepted jobs; only a callback can name an unconfirmed one.
                HOOK_SAFETY_POLL_INTERVAL_MS: "50",
              }),
          ...options.env,
        },
      });
    };

    it("answered too late: waits, holding the quota, then delivers the video TTAPI's callback names", async (context) => {
      const w = await start(context, {});
      w.ttapi.scriptSubmits({
        accept: true,
        lostAnswer: { lateMs: 1_500 },
        steps: [{ status: "ON_QUEUE" }],
      });
      const { interactionId } = w.discord.runCommand("grok-video", { prompt: "late: a comet" });
      const waiting = await replyShowing(w, interactionId, MAY_STILL_BE_MADE);
      expect(waiting.embeds[0]?.title).toBe("❔ Waiting for TTAPI to confirm your request…");
      expect(waiting.content).toContain(en.unconfirmedNotice);

      // The reservation is held: the member's one video of the day is taken.
      const again = await answerTo(
        w,
        w.discord.runCommand("grok-video", { prompt: "late: again" }),
      );
      expect(again).toContain(fixedPart(en.quotaMemberVideos(1, ANY)));

      const jobId = (await w.ttapi.submits.waitFor((s) => s.jobId !== undefined)).jobId!;
      expect(await w.ttapi.finishJob(jobId)).toBe(202);
      const reply = await finishedReply(w, interactionId);
      expect(shownVideo(reply).link).toBe(w.ttapi.videoUrl(jobId));
      expect(w.ttapi.submits.filter((s) => s.body.prompt === "late: a comet")).toHaveLength(1);
    });

    it("answered by an edge's 502 page: sent once, no HTML shown, ended and given back when nothing comes", async (context) => {
      const { lines, logger } = capturedLog();
      const w = await start(context, { logger, env: { UNCONFIRMED_WAIT_MINUTES: "0.01" } });
      w.ttapi.scriptSubmits({
        accept: true,
        lostAnswer: { httpStatus: 502, html: EDGE_PAGE },
        steps: [{ status: "ON_QUEUE" }],
      });
      const { interactionId } = w.discord.runCommand("grok-video", { prompt: "edge: a reef" });
      await replyShowing(w, interactionId, MAY_STILL_BE_MADE);
      const ended = await replyShowing(w, interactionId, "This did not use your quota.");
      expect(ended.content).toContain(en.failures.submit_uncertain());
      expect(JSON.stringify(w.discord.calls.entries)).not.toMatch(/<html|Bad Gateway/i);
      expect(w.ttapi.submits.filter((s) => s.body.prompt === "edge: a reef")).toHaveLength(1);
      const failed = lines.entries.find((line) => line.msg === "submit failed");
      expect(failed?.bodyExcerpt).toContain("502 Bad Gateway");

      // Given back: the member may ask again, and this one is made.
      const next = w.discord.runCommand("grok-video", { prompt: "edge: again" });
      expect(shownVideo(await finishedReply(w, next.interactionId)).file).toBeDefined();
    });

    it("a callback after the unconfirmed wait: the video comes as a correction under the request, counted again", async (context) => {
      const w = await start(context, { env: { UNCONFIRMED_WAIT_MINUTES: "0.005" } });
      w.ttapi.scriptSubmits({
        accept: true,
        lostAnswer: { dropped: true },
        steps: [{ status: "ON_QUEUE" }],
      });
      const { interactionId } = w.discord.runCommand("grok-video", { prompt: "too late: a lynx" });
      const ended = await replyShowing(w, interactionId, "This did not use your quota.");

      // TTAPI made (and charged) it after all, and says so.
      const jobId = (await w.ttapi.submits.waitFor((s) => s.jobId !== undefined)).jobId!;
      expect(await w.ttapi.finishJob(jobId)).toBe(202);
      const lateMessage = () =>
        [...w.discord.messages.values()].find(
          (message) =>
            message.id !== ended.id && shownVideo(message).link === w.ttapi.videoUrl(jobId),
        );
      await w.discord.calls.waitFor(() => lateMessage() !== undefined, 10_000, "the late video");
      const late = lateMessage()!;
      expect(late.content).toContain(en.lateCorrection);
      expect(late.message_reference?.message_id).toBe(ended.id);
      // The earlier message stays as it was: history, not rewritten.
      expect(w.discord.messages.get(ended.id)?.content).toContain(en.quotaGivenBack);
      expect(w.ttapi.submits.filter((s) => s.body.prompt === "too late: a lynx")).toHaveLength(1);
      // Counted again as TTAPI charged it: the member's one video of the day is used.
      const again = await answerTo(
        w,
        w.discord.runCommand("grok-video", { prompt: "too late: again" }),
      );
      expect(again).toContain(fixedPart(en.quotaMemberVideos(1, ANY)));
    });

    it("without callbacks nothing can name the job: it ends at once, sent once, quota given back", async (context) => {
      const w = await start(context, { hooks: false });
      w.ttapi.scriptSubmits({ accept: true, lostAnswer: { dropped: true } });
      const { interactionId } = w.discord.runCommand("grok-video", { prompt: "dropped: a moth" });
      const ended = await replyShowing(w, interactionId, "This did not use your quota.");
      expect(ended.content).toContain(en.failures.submit_uncertain());
      expect(w.ttapi.submits.filter((s) => s.body.prompt === "dropped: a moth")).toHaveLength(1);
    });

    it("keeps a request through a spell of 503s, in the line, and makes it when TTAPI is back", async (context) => {
      const w = await start(context, { env: { SUBMIT_RETRY_DELAY_MS: "50" } });
      const unavailable = { httpStatus: 503, message: "Service Unavailable" };
      w.ttapi.scriptSubmits(...Array.from({ length: 5 }, () => unavailable));
      const { interactionId } = w.discord.runCommand("grok-video", { prompt: "spell: a fox" });
      await w.discord.calls.waitFor(
        () => w.discord.originalResponse(interactionId)?.embeds[0]?.title?.startsWith("⏸") === true,
        5_000,
        "the request waiting in the bot's line",
      );
      const reply = await finishedReply(w, interactionId, 10_000);
      expect(shownVideo(reply).file).toBeDefined();
      const tries = w.ttapi.submits.filter((s) => s.body.prompt === "spell: a fox");
      expect(tries).toHaveLength(6);
      expect(tries.filter((s) => s.jobId !== undefined)).toHaveLength(1);
      expect(JSON.stringify(w.discord.calls.entries)).not.toContain(en.headlines.failed);
    });
  },
);
