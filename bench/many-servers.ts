import { execFileSync } from "node:child_process";
import { FakeDiscord } from "../src/fakes/discord/fake-discord.js";
import { FakeTtapi } from "../src/fakes/ttapi/fake-ttapi.js";
import { startBotProcess } from "../test/support/bot-process.js";
import { startRedis } from "../test/support/redis-server.js";
import { rssOf } from "./figures.js";

/** What a server brings besides the fake's own members: channels and roles, as real ones have. */
const CHANNELS_PER_SERVER = 20;
const ROLES_PER_SERVER = 12;

/**
 * The bot in `servers` servers, as discord.js's ShardingManager runs it in `shards`
 * processes on one Redis: how long until every shard is ready, each process's memory,
 * what discord.js caches, and how often the commands were registered.
 */
export async function benchManyServers(servers: number, shards: number): Promise<void> {
  console.log(
    `\n${servers} servers (${CHANNELS_PER_SERVER} channels and about ${ROLES_PER_SERVER + 5} roles each), ${shards} shard processes on one Redis`,
  );
  const redis = await startRedis();
  const ttapi = new FakeTtapi({ apiKey: "servers-key" });
  const discord = new FakeDiscord();
  for (let i = discord.guilds.length; i < servers; i++) {
    const guild = discord.addGuild(i % shards, shards);
    for (let c = 1; c < CHANNELS_PER_SERVER; c++) guild.channelIds.push(`${guild.id}${c}`);
    guild.extraRoles = Array.from({ length: ROLES_PER_SERVER }, (_, r) => ({
      id: `${guild.id}${100 + r}`,
      name: `role ${r}`,
    }));
  }
  await Promise.all([ttapi.start(), discord.start()]);
  const startedAt = Date.now();
  const bot = startBotProcess({
    DISCORD_TOKEN: discord.token,
    TTAPI_API_KEY: "servers-key",
    TTAPI_BASE_URL: ttapi.baseUrl,
    DISCORD_API_BASE_URL: discord.apiBaseUrl,
    STORE_URL: redis.url,
    SHARD_COUNT: String(shards),
    SHARD_SPAWN_DELAY_MS: "0",
  });
  try {
    await bot.logs.waitFor((line) => line.msg === "all shards ready", 300_000, "every shard");
    const readyMs = Date.now() - startedAt;
    const readyLines = () => bot.logs.entries.filter((entry) => entry.msg === "bot ready");
    await bot.logs.waitFor(() => readyLines().length === shards, 10_000, "each shard's line");
    const children = execFileSync("pgrep", ["-P", String(bot.child.pid)], { encoding: "utf8" })
      .trim()
      .split("\n")
      .map(Number);
    const mb = (pid: number) => `${(rssOf(pid) / 1024 / 1024).toFixed(0)} MB`;
    const registrations = discord.calls.filter(
      (call) => call.method === "PUT" && /\/applications\/\d+\/commands$/.test(call.path),
    ).length;
    console.log(`  every shard ready in ${(readyMs / 1000).toFixed(1)} s after the start`);
    console.log(`  RSS: manager ${mb(bot.child.pid!)}; shards ${children.map(mb).join(", ")}`);
    for (const line of readyLines()) {
      const { shards: ids, cached } = line as { shards?: number[]; cached?: object };
      console.log(`  shard ${ids?.join(",")} caches ${JSON.stringify(cached)}`);
    }
    console.log(`  global command registrations: ${registrations} (one bot, once)`);
  } finally {
    bot.killAll();
    await bot.exited;
    await Promise.all([ttapi.stop(), discord.stop(), redis.stop()]);
  }
}
