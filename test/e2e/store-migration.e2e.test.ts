import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { JobStore } from "../../src/services/jobs/job-store.js";
import { QuotaService } from "../../src/services/quotas/quota-service.js";
import { QuotaSettingsService } from "../../src/services/quotas/quota-settings-service.js";
import type { Store } from "../../src/services/store.js";
import { freshWorlds } from "../support/e2e-helpers.js";

const fixture = join(import.meta.dirname, "../fixtures/legacy-store");
const manifest = JSON.parse(readFileSync(join(fixture, "manifest.json"), "utf8")) as {
  clock: string;
  userId: string;
  guildId: string;
  jobs: { finished: string; generating: string; waiting: string };
  generatingTtapiJob: { id: string; body: Record<string, unknown> };
};

const start = freshWorlds();

/** The member's usage in the quota window the fixture's jobs were charged to. */
function usageThen(store: Store) {
  const logger = pino({ level: "silent" });
  const quotas = new QuotaService({
    store,
    logger,
    settings: new QuotaSettingsService({
      store: store.kv,
      logger,
      defaults: { period: "day", guildVideos: null, memberVideos: 5, dmVideos: null },
    }),
    now: () => Date.parse(manifest.clock),
  });
  return quotas.report({ kind: "guild", guildId: manifest.guildId }, manifest.userId);
}

async function statusOf(store: Store, jobId: string) {
  return (await new JobStore(store, 365, "reader").get(jobId))?.status;
}

describe("a store written by the previous layout (test/fixtures/legacy-store)", () => {
  it("is taken over on start, once, losing no job and no quota", async () => {
    const dir = mkdtempSync(join(tmpdir(), "grok-legacy-"));
    copyFileSync(join(fixture, "store.sqlite"), join(dir, "store.sqlite"));
    const storeUrl = `sqlite://${join(dir, "store.sqlite")}`;
    const w = await start({ storeUrl, env: { JOB_RETENTION_DAYS: "365" } });
    // TTAPI still has the job that was generating; it finishes now.
    const { id, body } = manifest.generatingTtapiJob;
    w.ttapi.knowJob(id, body, [{ status: "ON_QUEUE" }, { status: "SUCCESS" }]);
    await w.ttapi.fetches.waitFor((f) => f.jobId === id && f.answer === "SUCCESS", 10_000);
    // The job that was waiting in line is submitted and made.
    const resubmitted = await w.ttapi.submits.waitFor(
      (s) => s.body.prompt === "legacy: waiting" && s.jobId !== undefined,
      10_000,
    );
    await w.ttapi.fetches.waitFor(
      (f) => f.jobId === resubmitted.jobId && f.answer === "SUCCESS",
      10_000,
    );
    await w.restartBot();

    const store = w.store;
    for (const job of Object.values(manifest.jobs)) {
      const deadline = Date.now() + 5_000;
      while ((await statusOf(store, job)) !== "succeeded" && Date.now() < deadline) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(await statusOf(store, job)).toBe("succeeded");
    }
    expect(await store.kv.get("jobs:active:shard-0")).toBeUndefined();
    const window = `quota-usage:guild:${manifest.guildId}:day:${manifest.clock.slice(0, 10)}`;
    expect(await store.kv.get(window)).toBeUndefined();
    // Three videos made, each counted once (the restart migrated nothing twice).
    const usage = await usageThen(store);
    expect(usage.member).toEqual({ videos: 3, credits: 9 });
    expect(usage.scope).toEqual({ videos: 3, credits: 9 });
    expect(w.ttapi.submits.filter((s) => s.jobId !== undefined)).toHaveLength(1);
  });
});
