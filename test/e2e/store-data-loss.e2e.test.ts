import KeyvSqlite from "@keyv/sqlite";
import { createClient } from "@redis/client";
import { describe, expect, it } from "vitest";
import { capturedLog } from "../support/captured-log.js";
import { finishedReply, freshWorlds, shownVideo, submitsOf } from "../support/e2e-helpers.js";
import { storeBackends } from "../support/store-backends.js";

const start = freshWorlds();

/** Everything the store held is gone: FLUSHALL on Redis, every row of the SQLite file. */
async function loseEverything(storeUrl: string): Promise<void> {
  if (storeUrl.startsWith("sqlite://")) {
    for (const table of ["keyv", "active_jobs"]) {
      const adapter = new KeyvSqlite({ uri: storeUrl, table });
      await adapter.query(`DELETE FROM ${table}`);
      await adapter.disconnect();
    }
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
