import { existsSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FakeGuild, FakeUser } from "../src/fakes/discord/discord-payloads.js";
import { FakeDiscord } from "../src/fakes/discord/fake-discord.js";
import { FakeTtapi } from "../src/fakes/ttapi/fake-ttapi.js";
import { startBotProcess } from "../test/support/bot-process.js";
import { freePort } from "../test/support/e2e-helpers.js";
import { isFinished } from "../test/support/shown-video.js";
import { ms, percentile, rssOf } from "./figures.js";

const SERVERS = 50;
const MEMBERS_PER_SERVER = 10;
const COMMANDS_PER_MINUTE = 1_000;
const MiB = 1024 * 1024;

/** The SQLite database with its write-ahead log: what the disk holds. */
function storeBytes(file: string): number {
  return [file, `${file}-wal`].reduce(
    (sum, path) => sum + (existsSync(path) ? statSync(path).size : 0),
    0,
  );
}

interface Sent {
  interactionId: string;
  prompt: string;
  sentAt: number;
  ackedAt?: number;
  finishedAt?: number;
}

/**
 * `npm run bench -- --soak <minutes>`: the bot in a process of its own on an SQLite file,
 * taking 1,000 `/grok-video` a minute from 500 members of 50 servers for `minutes`, then
 * finishing what is under way. Prints, per minute: acknowledgement p50/p99, jobs in
 * flight, the bot's RSS, the store's size on disk, and jobs lost or done twice (must be
 * 0). Records expire within minutes here (JOB_RETENTION_DAYS, INTERACTION_CLAIM_MS), so
 * after the first minutes RSS and the store should stay flat.
 */
export async function benchSoak(minutes: number): Promise<void> {
  const ttapi = new FakeTtapi({ apiKey: "soak-key" });
  const discord = new FakeDiscord();
  await Promise.all([ttapi.start(), discord.start()]);
  const guilds: FakeGuild[] = [discord.guild];
  while (guilds.length < SERVERS) guilds.push(discord.addGuild());
  // The fake's servers share one member list: each server's members are its own ten.
  const members: [FakeUser, FakeGuild][] = guilds.flatMap((guild) =>
    Array.from(
      { length: MEMBERS_PER_SERVER },
      (_, i) => [discord.addMember(`soak-${guild.id}-${i}`), guild] as [FakeUser, FakeGuild],
    ),
  );
  const file = join(mkdtempSync(join(tmpdir(), "grok-soak-")), "soak.sqlite");
  const metricsPort = await freePort();
  /** The bot's V8 heap in use, from its own /metrics (RSS alone also moves with GC). */
  const heapUsed = async () => {
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    return Number(/^nodejs_heap_size_used_bytes (\S+)$/m.exec(text)?.[1]);
  };
  const bot = startBotProcess({
    DISCORD_TOKEN: discord.token,
    TTAPI_API_KEY: "soak-key",
    TTAPI_BASE_URL: ttapi.baseUrl,
    DISCORD_API_BASE_URL: discord.apiBaseUrl,
    STORE_URL: `sqlite://${file}`,
    TTAPI_POLL_INTERVAL_MS: "1000",
    TTAPI_POLL_MAX_INTERVAL_MS: "2000",
    // Three minutes of records, a minute of claims, swept every 30 s.
    JOB_RETENTION_DAYS: String(3 / (24 * 60)),
    INTERACTION_CLAIM_MS: "60000",
    STORE_SWEEP_INTERVAL_MS: "30000",
    METRICS_PORT: String(metricsPort),
  });
  const sent: Sent[] = [];
  const byInteraction = new Map<string, Sent>();
  discord.calls.subscribe((call) => {
    const match = /^\/interactions\/(\d+)\//.exec(call.path);
    const job = match ? byInteraction.get(match[1]!) : undefined;
    if (job && job.ackedAt === undefined) job.ackedAt = call.at;
  });
  const checkFinished = (job: Sent) => {
    if (job.finishedAt === undefined && isFinished(discord.originalResponse(job.interactionId))) {
      job.finishedAt = Date.now();
    }
  };
  console.log(
    `\nSoak: ${COMMANDS_PER_MINUTE} /grok-video a minute from ${members.length} members of ${SERVERS} servers, ${minutes} min (bot in its own process, SQLite)`,
  );
  console.log(
    "  minute  ack p50   ack p99   in flight  bot RSS  bot heap  store on disk  lost  done twice",
  );
  try {
    await bot.ready;
    const startedAt = Date.now();
    const gapMs = 60_000 / COMMANDS_PER_MINUTE;
    let minute = 0;
    let rssAtMinute2 = 0;
    while (minute < minutes) {
      const minuteEnd = startedAt + (minute + 1) * 60_000;
      while (Date.now() < minuteEnd) {
        const n = sent.length;
        const [member, guild] = members[n % members.length]!;
        const prompt = `soak ${n}`;
        const { interactionId } = discord.runCommand("grok-video", { prompt }, member, guild);
        const job: Sent = { interactionId, prompt, sentAt: Date.now() };
        sent.push(job);
        byInteraction.set(interactionId, job);
        // Keeps to the rate however long a step took.
        const next = startedAt + (n + 1) * gapMs;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
      }
      minute++;
      for (const job of sent) checkFinished(job);
      const thisMinute = sent.filter((job) => job.sentAt >= minuteEnd - 60_000);
      const acks = thisMinute.flatMap((job) => (job.ackedAt ? [job.ackedAt - job.sentAt] : []));
      const inFlight = sent.filter((job) => job.finishedAt === undefined).length;
      const rss = rssOf(bot.child.pid!);
      const heap = await heapUsed();
      if (minute === 2) rssAtMinute2 = rss;
      // Lost: sent over two minutes ago and not finished; done twice: counted below.
      const lost = sent.filter(
        (job) => job.finishedAt === undefined && Date.now() - job.sentAt > 120_000,
      ).length;
      console.log(
        `  ${String(minute).padStart(6)}  ${ms(percentile(acks, 50)).padStart(8)}  ${ms(percentile(acks, 99)).padStart(8)}  ${String(inFlight).padStart(9)}  ${`${(rss / MiB).toFixed(0)} MiB`.padStart(7)}  ${`${(heap / MiB).toFixed(0)} MiB`.padStart(8)}  ${`${(storeBytes(file) / MiB).toFixed(1)} MiB`.padStart(13)}  ${String(lost).padStart(4)}  ${String(doneTwice(ttapi, discord, sent)).padStart(10)}`,
      );
    }
    // What is under way finishes (bounded).
    await discord.calls
      .waitFor(
        () => {
          for (const job of sent) checkFinished(job);
          return sent.every((job) => job.finishedAt !== undefined);
        },
        120_000,
        "every soak job to finish",
      )
      .catch(() => undefined);
    const lost = sent.filter((job) => job.finishedAt === undefined).length;
    const rss = rssOf(bot.child.pid!);
    console.log(
      `  end: ${sent.length} commands, ${sent.length - lost} videos shown, ${lost} lost, ${doneTwice(ttapi, discord, sent)} done twice; RSS ${(rss / MiB).toFixed(0)} MiB (${rssAtMinute2 ? `${(((rss - rssAtMinute2) / rssAtMinute2) * 100).toFixed(0)}% from minute 2` : "under 2 minutes"}), store ${(storeBytes(file) / MiB).toFixed(1)} MiB`,
    );
  } finally {
    bot.killAll();
    await Promise.all([ttapi.stop(), discord.stop()]);
  }
}

/** Requests submitted to TTAPI more than once, or whose video was attached more than once. */
function doneTwice(ttapi: FakeTtapi, discord: FakeDiscord, sent: readonly Sent[]): number {
  const submits = new Map<string, number>();
  for (const submit of ttapi.submits.entries) {
    const prompt = String(submit.body.prompt);
    submits.set(prompt, (submits.get(prompt) ?? 0) + 1);
  }
  const uploads = new Map<string, number>();
  for (const call of discord.calls.entries) {
    if (call.files.length === 0) continue;
    const id = /^\/webhooks\/\d+\/([^/]+)\//.exec(call.path)?.[1] ?? call.path;
    uploads.set(id, (uploads.get(id) ?? 0) + 1);
  }
  const twiceSubmitted = sent.filter((job) => (submits.get(job.prompt) ?? 0) > 1).length;
  const twiceUploaded = [...uploads.values()].filter((count) => count > 1).length;
  return twiceSubmitted + twiceUploaded;
}
