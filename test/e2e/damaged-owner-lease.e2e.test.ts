import { createClient } from "@redis/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeDiscord } from "../../src/fakes/discord/fake-discord.js";
import { FakeTtapi } from "../../src/fakes/ttapi/fake-ttapi.js";
import { type BotProcess, fakesEnv, startBotProcess } from "../support/bot-process.js";
import { redisBackend } from "../support/store-backends.js";

const redis = redisBackend();
const OWNER_KEY = "grok-video:owner:shard-0";

let ttapi: FakeTtapi;
let discord: FakeDiscord;
const bots: BotProcess[] = [];

beforeEach(async () => {
  ttapi = new FakeTtapi({ apiKey: "lease-key" });
  discord = new FakeDiscord();
  await Promise.all([ttapi.start(), discord.start()]);
});

afterEach(async () => {
  for (const bot of bots.splice(0)) bot.killAll();
  await Promise.all([ttapi.stop(), discord.stop()]);
});

function start(storeUrl: string, leaseMs: number): BotProcess {
  const bot = startBotProcess({
    ...fakesEnv({ discord, ttapi }, "lease-key"),
    STORE_URL: storeUrl,
    OWNER_LEASE_MS: String(leaseMs),
  });
  bots.push(bot);
  return bot;
}

async function exitOf(bot: BotProcess) {
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error("the second process neither stopped nor took over")), 15_000),
  );
  return Promise.race([bot.exited, timeout]);
}

describe("an unreadable owner lease on Redis is held until it expires", () => {
  it("a second process is refused, and the running owner keeps its shards and writes the lease back", async (context) => {
    const url = await redis.prepare(context);
    const admin = await createClient({ url }).connect();
    try {
      // Renewed every 5 s: the damage stands while the second process starts.
      const owner = start(url, 15_000);
      await owner.ready;
      await admin.set(OWNER_KEY, "not json{{");
      const second = start(url, 15_000);
      expect((await exitOf(second)).code).toBe(1);
      expect(second.logs.entries.map((line) => line.msg).join("\n")).toContain(
        "claim cannot be read",
      );
      const deadline = Date.now() + 10_000;
      while (!String(await admin.get(OWNER_KEY)).includes(`"pid":${owner.child.pid}`)) {
        if (Date.now() > deadline) throw new Error("the owner did not write its lease back");
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(owner.child.exitCode).toBeNull();
      expect(owner.logs.entries.map((line) => line.msg)).not.toContain(
        "another process took over this process's shards",
      );
    } finally {
      await admin.quit();
    }
  });

  it("one left without an expiry and without an owner is given one lease's time, then taken", async (context) => {
    const url = await redis.prepare(context);
    const admin = await createClient({ url }).connect();
    try {
      await admin.set(OWNER_KEY, "[1,2,3]");
      const first = start(url, 1_500);
      expect((await exitOf(first)).code).toBe(1);
      const ttl = await admin.pTTL(OWNER_KEY);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(1_500);
      const deadline = Date.now() + 5_000;
      while ((await admin.exists(OWNER_KEY)) === 1) {
        if (Date.now() > deadline) throw new Error("the damaged lease never expired");
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await start(url, 1_500).ready;
    } finally {
      await admin.quit();
    }
  });
});
