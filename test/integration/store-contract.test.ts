import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@redis/client";
import BetterSqlite3 from "better-sqlite3";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { JobHistory } from "../../src/services/jobs/job-history.js";
import { JobStore } from "../../src/services/jobs/job-store.js";
import { PartitionOwner } from "../../src/services/partition-owner.js";
import { BOT_SCOPE, type QuotaScope } from "../../src/services/quotas/quota-scope.js";
import { QuotaService } from "../../src/services/quotas/quota-service.js";
import {
  type QuotaDefaults,
  QuotaSettingsService,
} from "../../src/services/quotas/quota-settings-service.js";
import { currentWindow } from "../../src/services/quotas/quota-window.js";
import { openStore, type Store } from "../../src/services/store.js";
import { StoreLock } from "../../src/services/store-lock.js";
import { StoreMigrations } from "../../src/services/store-migrations.js";
import { jobRecord } from "../support/job-record.js";
import { storeBackends } from "../support/store-backends.js";

const backends = storeBackends();

describe.each(backends)("the store contract on $name", ({ prepare }) => {
  let storeUrl: string;
  const opened: Store[] = [];
  const open = async () => {
    const store = await openStore(storeUrl);
    opened.push(store);
    return store;
  };
  beforeEach(async (context) => {
    storeUrl = await prepare(context);
  });
  /** Quota services on two connections, as two bot processes on one store have them. */
  const twoProcesses = async (defaults: QuotaDefaults) => {
    const logger = pino({ level: "silent" });
    return (await Promise.all([open(), open()])).map(
      (store) =>
        new QuotaService({
          store,
          logger,
          settings: new QuotaSettingsService({ store: store.kv, logger, defaults }),
        }),
    ) as [QuotaService, QuotaService];
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.disconnect()));
  });

  it("keeps unfinished jobs, one key each, and counts them again after a reopen", async () => {
    const jobs = new JobStore(await open(), 1, "shard-0");
    await jobs.load();
    await jobs.save(jobRecord("j1", { createdAt: 2_000 }));
    await jobs.save(jobRecord("j2", { status: "waiting", createdAt: 1_000 }));
    await jobs.save(
      jobRecord("j3", { origin: { ...jobRecord("x").origin, userId: "bob", guildId: "g2" } }),
    );
    await jobs.save(jobRecord("done", { status: "succeeded" }));
    await jobs.save(jobRecord("j3", { status: "failed" }));

    const reopened = new JobStore(await open(), 1, "shard-0");
    const unfinished = await reopened.load();
    expect(unfinished.map((entry) => entry.id)).toEqual(["j2", "j1"]);
    expect(reopened.countActiveOf("alice")).toBe(2);
    expect(reopened.countActiveOf("bob")).toBe(0);
    // The waiting one holds no slot at TTAPI.
    expect(reopened.countInFlightIn("g1")).toBe(1);
    expect((await reopened.getMany(["j1", "j2", "nope"])).map((j) => j.id)).toEqual(["j1", "j2"]);
  });

  it("keeps each process's unfinished jobs apart", async () => {
    const shard0 = new JobStore(await open(), 1, "shard-0");
    const shard1 = new JobStore(await open(), 1, "shard-1");
    await Promise.all([shard0.load(), shard1.load()]);
    await shard0.save(jobRecord("zero"));
    await shard1.save(jobRecord("one"));
    expect((await new JobStore(await open(), 1, "shard-1").load()).map((e) => e.id)).toEqual([
      "one",
    ]);
  });

  it("takes over the old one-blob index once, losing no job", async () => {
    const store = await open();
    await store.kv.set("job:old", jobRecord("old", { status: "generating" }));
    await store.kv.set("job:ended", jobRecord("ended", { status: "succeeded" }));
    await store.kv.set("jobs:active:shard-0", {
      old: { userId: "alice", guildId: "g1" },
      ended: { userId: "alice", guildId: "g1" },
    });
    const jobs = new JobStore(store, 1, "shard-0");
    await new StoreMigrations(store).migrateJobIndex("shard-0", jobs);
    expect((await jobs.load()).map((entry) => entry.id)).toEqual(["old"]);
    expect(await store.kv.get("jobs:active:shard-0")).toBeUndefined();
    expect((await new JobStore(await open(), 1, "shard-0").load()).map((e) => e.id)).toEqual([
      "old",
    ]);
  });

  it("reserves exactly up to a limit from two processes racing, and loses no count", async () => {
    const [a, b] = await twoProcesses({
      period: "day",
      guildVideos: 12,
      memberVideos: null,
      dmVideos: null,
    });
    const guild: QuotaScope = { kind: "guild", guildId: "g1" };
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? a : b).reserve({
          scope: guild,
          userId: `u${i % 4}`,
          jobId: `j${i}`,
          videoSeconds: 30,
        }),
      ),
    );
    const granted = results.flatMap((result, i) =>
      result.ok ? [{ i, charge: result.charge }] : [],
    );
    expect(granted).toHaveLength(12);
    // Every other one is settled at 5 credits, the rest given back, from both processes at once.
    await Promise.all(
      granted.map(({ i, charge }, n) =>
        n % 2 ? a.settle(charge, `j${i}`, 5) : b.release(charge, `j${i}`),
      ),
    );
    const report = await a.report(guild, "u0");
    expect(report.scope).toEqual({ videos: 6, credits: 30 });
    const members = await Promise.all(["u0", "u1", "u2", "u3"].map((u) => b.report(guild, u)));
    expect(members.reduce((sum, { member }) => sum + member.videos, 0)).toBe(6);
    expect(report.top.reduce((sum, entry) => sum + entry.credits, 0)).toBe(30);
  });

  it("keeps the operator's budget across two processes racing for it", async () => {
    const [a, b] = await twoProcesses({
      period: "day",
      guildVideos: null,
      memberVideos: null,
      dmVideos: null,
      botBudget: { credits: 30, period: "month" },
    });
    // 30-second videos reserve 9 credits each: three fit in 30, from any server.
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? a : b).reserve({
          scope: BOT_SCOPE,
          userId: `guild-${i}`,
          jobId: `j${i}`,
          videoSeconds: 30,
        }),
      ),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(3);
    expect((await a.report(BOT_SCOPE, "-")).scope).toEqual({ videos: 3, credits: 27 });
  });

  it("holds a role's per-member credits in its own period, two processes racing", async () => {
    const defaults = { period: "day", guildVideos: null, memberVideos: 1, dmVideos: null } as const;
    const guild: QuotaScope = { kind: "guild", guildId: "g1" };
    // Members with the role: 10 videos and 20 credits a week each, instead of 1 video a day.
    const logger = pino({ level: "silent" });
    await new QuotaSettingsService({ store: (await open()).kv, logger, defaults }).setRoleLimit(
      "g1",
      "booster",
      { memberVideos: 10, credits: 20, period: "week" },
      "admin",
    );
    const [a, b] = await twoProcesses(defaults);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 ? a : b).reserve({
          scope: guild,
          userId: "alice",
          jobId: `j${i}`,
          videoSeconds: 30,
          roleIds: ["other", "booster"],
        }),
      ),
    );
    // 9 credits each: two fit in 20.
    expect(results.filter((result) => result.ok)).toHaveLength(2);
    const refused = results.find((result) => !result.ok);
    expect(refused?.ok === false && refused.exceeded).toMatchObject({
      limit: "memberCredits",
      allowed: 20,
      roleId: "booster",
    });
    const report = await a.report(guild, "alice", ["booster"]);
    expect(report.memberLimit).toMatchObject({ roleId: "booster", period: "week" });
    expect(report.member).toEqual({ videos: 2, credits: 18 });
    // The day's own count is not the role's: the server still saw both videos.
    expect(report.scope).toEqual({ videos: 2, credits: 18 });
  });

  it("converts a window of the old one-blob usage layout when a step finds it", async () => {
    const store = await open();
    const logger = pino({ level: "silent" });
    const quotas = new QuotaService({
      store,
      logger,
      settings: new QuotaSettingsService({
        store: store.kv,
        logger,
        defaults: { period: "day", guildVideos: 3, memberVideos: null, dmVideos: null },
      }),
      beforeWindow: new StoreMigrations(store).migrateUsageWindow,
    });
    const window = currentWindow("day", Date.now());
    await store.kv.set(`quota-usage:guild:g1:${window.key}`, {
      members: { alice: { videos: 1, credits: 9 } },
      open: { old: { userId: "alice", credits: 3 } },
    });
    const guild: QuotaScope = { kind: "guild", guildId: "g1" };
    const granted = await quotas.reserve({
      scope: guild,
      userId: "bob",
      jobId: "new",
      videoSeconds: 10,
    });
    expect(granted.ok).toBe(true);
    // The old open reservation was carried over: it can be settled, and the limit holds.
    if (granted.ok) await quotas.settle({ ...granted.charge, epoch: 0 }, "old", 4);
    expect((await quotas.report(guild, "alice")).member).toEqual({ videos: 2, credits: 13 });
    expect(
      (await quotas.reserve({ scope: guild, userId: "bob", jobId: "x", videoSeconds: 10 })).ok,
    ).toBe(false);
  });

  it("keeps every job of a member's history when two processes add at once", async () => {
    const [a, b] = [new JobHistory(await open(), 1), new JobHistory(await open(), 1)];
    const ids = Array.from({ length: 20 }, (_, i) => `j${i}`);
    await Promise.all(ids.map((id, i) => (i % 2 ? a : b).add(jobRecord(id))));
    expect((await a.list("g1", "alice")).sort()).toEqual([...ids].sort());
    await a.add(jobRecord("j3"));
    const listed = await b.list("g1", "alice");
    expect([listed[0], listed.length]).toEqual(["j3", 20]);
  });

  it("lets exactly one of two processes racing for the same shards run them", async () => {
    const logger = pino({ level: "silent" });
    const [a, b] = [await open(), await open()];
    const partitions = Array.from({ length: 10 }, (_, i) => `shard-${i}`);
    const owners = partitions.flatMap((partition) =>
      [a, b].map(
        (store, pid) =>
          new PartitionOwner({
            store,
            partition,
            leaseMs: 60_000,
            logger,
            pid,
            isAlive: () => true,
          }),
      ),
    );
    const results = await Promise.allSettled(owners.map((owner) => owner.acquire()));
    for (let i = 0; i < partitions.length; i++) {
      const won = [results[2 * i]!, results[2 * i + 1]!].filter((r) => r.status === "fulfilled");
      expect(won, partitions[i]).toHaveLength(1);
    }
    await Promise.all(owners.map((owner) => owner.release()));
    // Released: the next process takes them at once.
    const next = new PartitionOwner({ store: b, partition: "shard-0", leaseMs: 60_000, logger });
    await next.acquire();
    await next.release();
  });

  it("tells apart two processes with the same host name and pid (containers on the host network)", async () => {
    const [a, b] = await Promise.all([open(), open()]);
    const logger = pino({ level: "silent" });
    const twin = (store: Store) =>
      new PartitionOwner({
        store,
        partition: "shard-0",
        leaseMs: 60_000,
        logger,
        host: "box",
        pid: 1,
      });
    const first = twin(a);
    await first.acquire();
    await expect(twin(b).acquire()).rejects.toThrow(/another bot process already runs shard-0/);
    await first.release();
  });

  it("claims a key once across two processes' connections, racing, in one atomic step", async () => {
    // Two connections, as two bot processes on one store have: no in-process mutex between them.
    const [a, b] = [new StoreLock(await open()), new StoreLock(await open())];
    const keys = Array.from({ length: 50 }, (_, i) => `race:${i}`);
    const results = await Promise.all(
      keys.flatMap((key) => [a.acquire(key, 60_000), b.acquire(key, 60_000)]),
    );
    for (let i = 0; i < keys.length; i++) {
      expect(results[2 * i]! !== results[2 * i + 1]!, keys[i]).toBe(true);
    }
  });

  it("walks its records while another process deletes them: no failure, only live records", async () => {
    // A restart's or an operator's walk while jobs end: a record may go between being listed and read.
    const [walker, deleter] = [await open(), await open()];
    const keys = Array.from({ length: 300 }, (_, i) => `job:walk-${i}`);
    for (let round = 0; round < 5; round++) {
      await Promise.all(keys.map((key) => walker.kv.set(key, { round })));
      const deleting = (async () => {
        for (const key of keys) await deleter.kv.delete(key);
      })();
      const seen: unknown[] = [];
      for await (const entry of walker.entries()) seen.push(entry.value);
      await deleting;
      expect(seen.every((value) => value !== undefined && value !== null)).toBe(true);
    }
  });

  it("claims a key once until it expires or is given up", async () => {
    const locks = new StoreLock(await open());
    expect(await locks.acquire("claim", 60_000)).toBe(true);
    expect(await locks.acquire("claim", 60_000)).toBe(false);
    expect(await locks.heldSince("claim")).toBeTypeOf("number");
    await locks.release("claim");
    expect(await locks.acquire("claim", 150)).toBe(true);
    const deadline = Date.now() + 5_000;
    while (!(await locks.acquire("claim", 150)) && Date.now() < deadline) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(Date.now()).toBeLessThan(deadline);
  });
});

describe("a fresh SQLite file", () => {
  const firstStep = ({ atomic }: Store) => {
    if (atomic.kind !== "transaction") throw new Error("SQLite runs its steps as transactions");
    return atomic.run((records) => records.set("c", 3));
  };
  it("opened by two processes at once: both start without a store error, and the file is in WAL mode", async () => {
    // The switch to WAL fails at once (no busy wait) while any other connection writes:
    // on a fresh file, every connection is creating its tables. Many rounds: it is a race.
    // Each runs an atomic step too, as a bot does for its first video (a reservation).
    for (let round = 0; round < 20; round++) {
      const file = join(mkdtempSync(join(tmpdir(), "grok-")), "data", "fresh.sqlite");
      const stores = await Promise.all([
        openStore(`sqlite://${file}`),
        openStore(`sqlite://${file}`),
      ]);
      const errors: unknown[] = [];
      for (const store of stores) store.onError((error) => errors.push(error));
      await Promise.all(
        stores.flatMap((store) => [
          store.kv.set("a", 1),
          store.activeJobs("shard-0").set("b", 2),
          firstStep(store),
        ]),
      );
      await Promise.all(stores.map((store) => store.disconnect()));
      expect(errors, `round ${round}`).toEqual([]);
      const reader = new BetterSqlite3(file);
      const mode = reader.pragma("journal_mode", { simple: true });
      reader.close();
      expect(mode, `round ${round}`).toBe("wal");
    }
  });
});

describe("SQLite's write-ahead log", () => {
  /** 4 MB of records written through a store checkpointed every `intervalMs`. */
  const writeMegabytes = async (intervalMs: number) => {
    const file = join(mkdtempSync(join(tmpdir(), "grok-")), "wal.sqlite");
    const store = await openStore(`sqlite://${file}`, { sqliteCheckpointIntervalMs: intervalMs });
    const record = { text: "x".repeat(2_000) };
    for (let i = 0; i < 2_000; i++) await store.kv.set(`wal:${i}`, record);
    return { file, store };
  };

  it("is never copied into the file by the store's own writes (a flush to disk each time)", async () => {
    const { file, store } = await writeMegabytes(60_000);
    try {
      expect(statSync(file).size).toBeLessThan(100_000);
    } finally {
      await store.disconnect();
    }
  });

  it("is copied into the file in the background while the store is open", async () => {
    const { file, store } = await writeMegabytes(50);
    try {
      const deadline = Date.now() + 10_000;
      while (statSync(file).size < 4_000_000 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(statSync(file).size).toBeGreaterThan(4_000_000);
    } finally {
      await store.disconnect();
    }
  });
});

describe("Redis keys", () => {
  it("carry one prefix", async (context) => {
    const url = await backends.find((backend) => backend.name === "redis")!.prepare(context);
    const store = await openStore(url);
    const jobs = new JobStore(store, 1, "shard-0");
    await jobs.load();
    await jobs.save(jobRecord("k1"));
    const client = createClient({ url });
    await client.connect();
    try {
      expect((await client.keys("*")).sort()).toEqual([
        "grok-video:active:shard-0:k1",
        "grok-video:job:k1",
      ]);
    } finally {
      await client.quit();
      await store.disconnect();
    }
  });
});
