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

/** The line a process logs when it finds the shards held and waits as a standby. */
const standingBy = (bot: BotProcess) =>
  bot.logs.waitFor((line) => line.msg?.startsWith("standing by") === true, 15_000, "standby");

describe("an unreadable owner lease on Redis is held until it expires", () => {
  it("a second process stands by, and the running owner keeps its shards and writes the lease back", async (context) => {
    const url = await redis.prepare(context);
    const admin = await createClient({ url }).connect();
    try {
      // Renewed every 5 s: the damage is laid again after each renewal until the second
      // process has read it, however long its start takes on a loaded machine.
      const owner = start(url, 15_000);
      await owner.ready;
      await admin.set(OWNER_KEY, "not json{{");
      const second = start(url, 15_000);
      const secondStandingBy = standingBy(second);
      let seen = false;
      void secondStandingBy.then(() => (seen = true)).catch(() => undefined);
      for (let tries = 0; !seen && tries < 300; tries++) {
        if ((await admin.get(OWNER_KEY)) !== "not json{{") await admin.set(OWNER_KEY, "not json{{");
        await Promise.race([secondStandingBy, new Promise((resolve) => setTimeout(resolve, 50))]);
      }
      expect((await secondStandingBy).msg).toContain("claim cannot be read");
      const deadline = Date.now() + 10_000;
      while (!String(await admin.get(OWNER_KEY)).includes(`"pid":${owner.child.pid}`)) {
        if (Date.now() > deadline) throw new Error("the owner did not write its lease back");
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(owner.child.exitCode).toBeNull();
      expect(owner.logs.entries.map((line) => line.msg)).not.toContain(
        "another process took over this process's shards",
      );
      expect(second.logs.entries.map((line) => line.msg)).not.toContain("bot ready");
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
      await standingBy(first);
      const ttl = await admin.pTTL(OWNER_KEY);
      expect(ttl === -2 || (ttl > 0 && ttl <= 1_500), `ttl ${ttl}`).toBe(true);
      // The standby itself takes the shards once the damaged lease has expired.
      await first.ready;
    } finally {
      await admin.quit();
    }
  });
});
