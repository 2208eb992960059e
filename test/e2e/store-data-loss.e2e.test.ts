import { createClient } from "@redis/client";
import { describe, expect, it } from "vitest";
import { EXIT } from "../../src/exit-codes.js";
import { catalogFor } from "../../src/i18n/catalog.js";
import { runEntryPoint } from "../support/bot-process.js";
import { capturedLog } from "../support/captured-log.js";
import { ANY, fixedPart } from "../support/catalog-text.js";
import { onSqliteFile } from "../support/damage-stored.js";
import {
  answerTo,
  finishedReply,
  freshWorlds,
  shownVideo,
  submitsOf,
} from "../support/e2e-helpers.js";
import { storeBackends } from "../support/store-backends.js";

const start = freshWorlds();

/** Everything the store held is gone: FLUSHALL on Redis, every row of the SQLite file. */
async function loseEverything(storeUrl: string): Promise<void> {
  if (storeUrl.startsWith("sqlite://")) {
    onSqliteFile(storeUrl, (db) => db.exec("DELETE FROM keyv; DELETE FROM active_jobs"));
    return;
  }
  const redis = await createClient({ url: storeUrl }).connect();
  await redis.flushAll();
  await redis.quit();
}

describe.each(storeBackends())(
  "the store loses its data with jobs under way, on $name",
  ({ prepare }) => {
    it("every video is still delivered, the records are written back, the loss is logged once", async (context) => {
      const storeUrl = await prepare(context);
      const log = capturedLog();
      const w = await start({
        storeUrl,
        logger: log.logger,
        env: { MAX_ACTIVE_JOBS_PER_USER: "5" },
      });
      const ids: string[] = [];
      for (const n of [1, 2, 3, 4, 5]) {
        w.ttapi.scriptSubmits({ accept: true, steps: [{ status: "ON_QUEUE" }] });
        ids.push(w.discord.runCommand("grok-video", { prompt: `flushed: ${n}` }).interactionId);
      }
      await w.discord.calls.waitFor(
        () =>
          ids.every((id) =>
            JSON.stringify(w.discord.originalResponse(id)?.embeds ?? []).includes("Generating"),
          ),
        10_000,
        "five videos being generated",
      );
      await loseEverything(storeUrl);
      for (const submit of w.ttapi.submits.entries)
        w.ttapi.scriptJob(submit.jobId!, [{ status: "SUCCESS" }]);

      for (const [index, id] of ids.entries()) {
        const reply = await finishedReply(w, id);
        const [submit] = submitsOf(w, `flushed: ${index + 1}`);
        expect(shownVideo(reply).link).toBe(w.ttapi.videoUrl(submit!.jobId!));
      }
      const errors = log.lines.entries.filter((line) => line.level >= 50);
      expect(errors.map((line) => line.msg)).toEqual([
        expect.stringContaining("job records vanished"),
      ]);
      // Written back, and ended: /grok-jobs and 🔁 find them again.
      for (const id of ids)
        expect(await w.store.kv.get(`job:${id}`)).toMatchObject({ status: "succeeded" });
    });
  },
);

describe.each(storeBackends())(
  "usage counted before a loss is not counted again from zero, on $name",
  ({ prepare }) => {
    it("a limited server is refused until an admin resets, then counts from there", async (context) => {
      const storeUrl = await prepare(context);
      const log = capturedLog();
      const w = await start({
        storeUrl,
        logger: log.logger,
        env: { DEFAULT_GUILD_VIDEO_LIMIT: "3" },
      });
      const t = catalogFor(null);
      for (const n of [1, 2])
        await finishedReply(
          w,
          w.discord.runCommand("grok-video", { prompt: `before: ${n}` }).interactionId,
        );
      await loseEverything(storeUrl);

      // Two of three were used: counting from zero would allow three more.
      for (const n of [1, 2, 3]) {
        const refused = await answerTo(
          w,
          w.discord.runCommand("grok-video", { prompt: `after: ${n}` }),
        );
        expect(refused).toBe(t.quotaDamagedCounter("lost", "admin"));
      }
      expect(w.ttapi.submits.entries).toHaveLength(2);
      expect(log.lines.entries.filter((line) => line.level >= 50)).toHaveLength(1);

      await answerTo(w, w.discord.runCommand("grok-quota reset", {}, w.discord.users.owner));
      for (const n of [1, 2, 3])
        await finishedReply(
          w,
          w.discord.runCommand("grok-video", { prompt: `reset: ${n}` }).interactionId,
        );
      const over = await answerTo(w, w.discord.runCommand("grok-video", { prompt: "reset: 4" }));
      expect(over).toContain(fixedPart(t.quotaGuildVideos(3, ANY)));
    });

    it("the operator's budget: refused until the operator runs quota:reset", async (context) => {
      const storeUrl = await prepare(context);
      const w = await start({ storeUrl, env: { BOT_CREDIT_BUDGET: "100" } });
      const t = catalogFor(null);
      await finishedReply(
        w,
        w.discord.runCommand("grok-video", { prompt: "budget: before" }).interactionId,
      );
      await loseEverything(storeUrl);
      const refused = await answerTo(
        w,
        w.discord.runCommand("grok-video", { prompt: "budget: after" }),
      );
      expect(refused).toBe(t.quotaDamagedCounter("lost", "operator"));

      const reset = await runEntryPoint("src/quota-reset.ts", [
        "--scope",
        "budget",
        "--store",
        storeUrl,
      ]);
      expect([reset.code, reset.stderr]).toEqual([EXIT.ok, ""]);
      await finishedReply(
        w,
        w.discord.runCommand("grok-video", { prompt: "budget: reset" }).interactionId,
      );
      expect(submitsOf(w, "budget: after")).toHaveLength(0);
    });
  },
);
