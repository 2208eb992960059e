import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RestCall } from "../src/fakes/discord/fake-discord.js";
import { startRedis } from "../test/support/redis-server.js";
import { startBotOnFakes } from "./bot-on-fakes.js";
import { ms, percentile } from "./figures.js";

/**
 * Acknowledgement time by store, side by side: the bot as its own process, 100 members of
 * one server sending /grok-video within one second (default caps: a line forms), on a
 * SQLite file and on Redis over loopback, `runs` times each, alternating.
 */
export async function benchAckByStore(members: number, runs: number): Promise<void> {
  console.log(
    `\nAcknowledgement by store: the bot as a process, ${members} members within one second`,
  );
  const redis = await startRedis();
  try {
    const stores = {
      sqlite: () => `sqlite://${join(mkdtempSync(join(tmpdir(), "grok-ack-")), "bench.sqlite")}`,
      redis: () => redis.url,
    };
    const figures: Record<string, string[]> = { sqlite: [], redis: [] };
    const all: Record<string, number[]> = { sqlite: [], redis: [] };
    for (let run = 0; run < runs; run++) {
      for (const [name, url] of Object.entries(stores)) {
        if (name === "redis") await redis.flush();
        const acks = await acknowledgements(url(), members);
        all[name]!.push(...acks);
        figures[name]!.push(`p50 ${ms(percentile(acks, 50))} p99 ${ms(percentile(acks, 99))}`);
      }
    }
    for (const [name, rows] of Object.entries(figures)) {
      console.log(`  ${name.padEnd(7)} ${rows.join("  |  ")}`);
    }
    // One run's p99 is its second-slowest answer: the runs together say more.
    for (const [name, acks] of Object.entries(all)) {
      const at = (p: number) => ms(percentile(acks, p));
      console.log(
        `  ${name.padEnd(7)} all ${acks.length}: p50 ${at(50)} p95 ${at(95)} p99 ${at(99)} max ${at(100)}`,
      );
    }
  } finally {
    await redis.stop();
  }
}

async function acknowledgements(storeUrl: string, members: number): Promise<number[]> {
  const { discord, bot, stop } = await startBotOnFakes({ env: { STORE_URL: storeUrl } });
  try {
    await bot.ready;
    const users = Array.from({ length: members }, (_, i) => discord.addMember(`ack${i}`));
    return await Promise.all(
      users.map(async (user, i) => {
        await new Promise((resolve) => setTimeout(resolve, (i * 1000) / members));
        const sentAt = Date.now();
        const { interactionId } = discord.runCommand("grok-video", { prompt: `ack ${i}` }, user);
        const ack = await discord.calls.waitFor(
          (call: RestCall) => call.path.startsWith(`/interactions/${interactionId}/`),
          10_000,
        );
        return ack.at - sentAt;
      }),
    );
  } finally {
    await stop();
  }
}
