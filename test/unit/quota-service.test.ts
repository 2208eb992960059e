import { pino } from "pino";
import { describe, expect, it, onTestFinished } from "vitest";
import type { QuotaScope } from "../../src/services/quotas/quota-scope.js";
import { QuotaService } from "../../src/services/quotas/quota-service.js";
import { expectedCredits } from "../../src/services/quotas/quota-settings.js";
import {
  type QuotaDefaults,
  QuotaSettingsService,
} from "../../src/services/quotas/quota-settings-service.js";
import { currentWindow } from "../../src/services/quotas/quota-window.js";
import { openStore } from "../../src/services/store.js";
import { StoreMigrations } from "../../src/services/store-migrations.js";

const guild: QuotaScope = { kind: "guild", guildId: "g1" };
const NOV_24_2026_NOON = Date.UTC(2026, 10, 24, 12); // a Tuesday

async function setup(defaults: Partial<QuotaDefaults> = {}) {
  let now = NOV_24_2026_NOON;
  const store = await openStore("memory://");
  onTestFinished(() => store.disconnect());
  /** Every stored key, with its value and expiry as the store keeps them. */
  const raw = async () => {
    const entries = new Map<string, string>();
    for await (const { key, value, expires } of store.entries())
      entries.set(key, JSON.stringify({ value, expires }));
    return entries;
  };
  const logger = pino({ level: "silent" });
  const settings = new QuotaSettingsService({
    store: store.kv,
    logger,
    defaults: { period: "day", guildVideos: null, memberVideos: null, dmVideos: null, ...defaults },
  });
  const migrations = new StoreMigrations(store, () => now);
  const quotas = new QuotaService({
    store,
    settings,
    logger,
    beforeWindow: migrations.migrateUsageWindow,
    now: () => now,
  });
  let n = 0;
  const reserve = (userId = "alice", videoSeconds = 10, scope = guild) =>
    quotas.reserve({ scope, userId, jobId: `job-${++n}`, videoSeconds });
  return { quotas, settings, reserve, raw, store, advance: (ms: number) => (now += ms) };
}

describe("quota windows (UTC)", () => {
  it("days start at midnight, weeks on Monday, months on the 1st", () => {
    expect(currentWindow("day", NOV_24_2026_NOON)).toMatchObject({
      key: "day:2026-11-24",
      end: Date.UTC(2026, 10, 25),
    });
    expect(currentWindow("week", NOV_24_2026_NOON)).toMatchObject({
      key: "week:2026-11-23",
      end: Date.UTC(2026, 10, 30),
    });
    expect(currentWindow("week", Date.UTC(2026, 10, 29, 23, 59))).toMatchObject({
      key: "week:2026-11-23",
    });
    expect(currentWindow("month", Date.UTC(2026, 11, 31, 23))).toMatchObject({
      key: "month:2026-12-01",
      end: Date.UTC(2027, 0, 1),
    });
  });
});

describe("QuotaService", () => {
  it("is unlimited by default", async () => {
    const { reserve } = await setup();
    for (let i = 0; i < 50; i++) expect((await reserve()).ok).toBe(true);
  });

  it("limits each member separately, and says when usage resets", async () => {
    const { reserve, settings } = await setup();
    await settings.update("g1", { memberVideos: 2 }, "admin");
    expect((await reserve("alice")).ok).toBe(true);
    expect((await reserve("alice")).ok).toBe(true);
    const refused = await reserve("alice");
    expect(refused).toEqual({
      ok: false,
      exceeded: { limit: "memberVideos", allowed: 2, used: 2 },
      resetsAt: Date.UTC(2026, 10, 25),
    });
    expect((await reserve("bob")).ok).toBe(true);
  });

  it("limits the whole guild", async () => {
    const { reserve, settings } = await setup();
    await settings.update("g1", { guildVideos: 2 }, "admin");
    await reserve("alice");
    await reserve("bob");
    expect(await reserve("carol")).toMatchObject({ ok: false, exceeded: { limit: "guildVideos" } });
  });

  it("reserves expected credits and settles with what TTAPI charged", async () => {
    const { quotas, reserve, settings } = await setup();
    await settings.update("g1", { credits: 20 }, "admin");
    expect(expectedCredits(30)).toBe(9);
    const first = await reserve("alice", 30);
    const second = await reserve("bob", 30);
    if (!first.ok || !second.ok) throw new Error("both fit in 20 credits");
    expect(await reserve("carol", 10)).toMatchObject({
      ok: false,
      exceeded: { limit: "credits", used: 18 },
    });
    await quotas.settle(first.charge, "job-1", 5);
    expect((await quotas.report(guild, "alice")).scope).toEqual({ videos: 2, credits: 14 });
    expect((await reserve("carol", 10)).ok).toBe(true);
  });

  it("gives a released reservation back", async () => {
    const { quotas, reserve } = await setup({ memberVideos: 1 });
    const first = await reserve("alice");
    if (!first.ok) throw new Error("first fits");
    expect((await reserve("alice")).ok).toBe(false);
    await quotas.release(first.charge, "job-1");
    expect((await reserve("alice")).ok).toBe(true);
  });

  it("refuses videos longer than the guild allows", async () => {
    const { reserve, settings } = await setup();
    await settings.update("g1", { maxVideoSeconds: 15 }, "admin");
    expect(await reserve("alice", 20)).toMatchObject({
      ok: false,
      exceeded: { limit: "maxVideoSeconds", allowed: 15, requested: 20 },
    });
    expect((await reserve("alice", 15)).ok).toBe(true);
  });

  it("clears a limit back to unlimited, keeping the others", async () => {
    const { reserve, settings } = await setup();
    await settings.update("g1", { memberVideos: 1, guildVideos: 5 }, "admin");
    await reserve("alice");
    expect((await reserve("alice")).ok).toBe(false);
    const cleared = await settings.clear("g1", ["memberVideos"], "admin");
    expect(cleared).toMatchObject({ memberVideos: null, guildVideos: 5 });
    expect((await reserve("alice")).ok).toBe(true);
  });

  it("rejects invalid settings", async () => {
    const { settings } = await setup();
    await expect(settings.update("g1", { memberVideos: -1 }, "admin")).rejects.toThrow();
    await expect(settings.update("g1", { maxVideoSeconds: 60 }, "admin")).rejects.toThrow();
  });

  it("starts fresh in the next window", async () => {
    const { reserve, advance } = await setup({ memberVideos: 1 });
    await reserve("alice");
    expect((await reserve("alice")).ok).toBe(false);
    advance(12 * 60 * 60 * 1000);
    expect((await reserve("alice")).ok).toBe(true);
  });

  it("lets exactly the limit through when 20 requests arrive together", async () => {
    const { reserve, settings } = await setup();
    await settings.update("g1", { guildVideos: 3 }, "admin");
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => reserve(`user-${i}`)));
    expect(results.filter((result) => result.ok)).toHaveLength(3);
  });

  it("resets one member or the whole guild, and reports the top members", async () => {
    const { quotas, reserve } = await setup();
    await reserve("alice", 30);
    await reserve("alice", 10);
    await reserve("bob", 10);
    const report = await quotas.report(guild, "alice");
    expect(report.member).toEqual({ videos: 2, credits: 12 });
    expect(report.top.map((m) => m.userId)).toEqual(["alice", "bob"]);
    await quotas.reset(guild, "admin", "alice");
    expect((await quotas.report(guild, "alice")).scope).toEqual({ videos: 1, credits: 3 });
    await quotas.reset(guild, "admin");
    expect((await quotas.report(guild, "bob")).scope).toEqual({ videos: 0, credits: 0 });
  });

  it("limits direct-message use per user per day", async () => {
    const { reserve } = await setup({ dmVideos: 1 });
    const dm: QuotaScope = { kind: "dm", userId: "alice" };
    expect((await reserve("alice", 10, dm)).ok).toBe(true);
    expect(await reserve("alice", 10, dm)).toMatchObject({
      ok: false,
      exceeded: { limit: "memberVideos" },
    });
  });

  it("lets usage expire a day after its window, so the store does not grow", async () => {
    const { reserve, raw } = await setup();
    const before = Date.now();
    await reserve("alice");
    const usage = [...(await raw())].filter(([key]) => key.startsWith("quota:"));
    expect(usage.length).toBeGreaterThan(0);
    // keyv stamps expiry from the real clock: the TTL is what the service chose.
    const ttl = Date.UTC(2026, 10, 26) - NOV_24_2026_NOON;
    for (const [, stored] of usage) {
      const { expires } = JSON.parse(String(stored)) as { expires: number };
      expect(expires - before).toBeGreaterThanOrEqual(ttl);
      expect(expires - before).toBeLessThan(ttl + 5_000);
    }
  });

  it("writes the same few keys per reservation however many members a server has", async () => {
    const { reserve, raw, settings } = await setup();
    await settings.update("g1", { guildVideos: 100_000 }, "admin");
    const writesFor = async (userId: string) => {
      const before = await raw();
      await reserve(userId);
      const changed = [...(await raw())].filter(([key, value]) => before.get(key) !== value);
      return { keys: changed.length, bytes: changed.reduce((n, [, v]) => n + String(v).length, 0) };
    };
    const first = await writesFor("member-0");
    for (let i = 1; i < 1_000; i++) await reserve(`member-${i}`);
    const thousandth = await writesFor("member-1000");
    expect(thousandth.keys).toBeLessThanOrEqual(first.keys);
    // The board of top members stays five long; nothing else grows with members.
    expect(thousandth.bytes).toBeLessThan(first.bytes + 400);
  });

  it("takes over a window stored the old way (one blob), once, open reservations included", async () => {
    const { quotas, raw, store } = await setup();
    const window = currentWindow("day", NOV_24_2026_NOON);
    await store.kv.set(`quota-usage:guild:g1:${window.key}`, {
      members: { alice: { videos: 2, credits: 6 }, bob: { videos: 1, credits: 9 } },
      open: { "old-job": { userId: "alice", credits: 3 } },
    });
    const report = await quotas.report(guild, "alice");
    expect(report.scope).toEqual({ videos: 4, credits: 18 });
    expect(report.member).toEqual({ videos: 3, credits: 9 });
    expect(report.top.map((m) => m.userId)).toEqual(["alice", "bob"]);
    expect([...(await raw()).keys()].some((key) => key.includes("quota-usage"))).toBe(false);
    // The job reserved under the old layout settles with what TTAPI charged.
    const charge = { scopeId: "guild:g1", windowKey: window.key, expiresAt: window.end, epoch: 0 };
    await quotas.settle(charge, "old-job", 5);
    await quotas.settle(charge, "old-job", 5);
    expect((await quotas.report(guild, "alice")).member).toEqual({ videos: 3, credits: 11 });
  });
});
