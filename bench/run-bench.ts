import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { pino } from "pino";
import { loadConfig } from "../src/config.js";
import type { RestCall } from "../src/fakes/discord/fake-discord.js";
import { startFakeWorld } from "../src/fakes/fake-world.js";
import { FakeTtapi } from "../src/fakes/ttapi/fake-ttapi.js";
import { createJobCore } from "../src/job-core.js";
import type { GenerationService } from "../src/services/jobs/generation-service.js";
import type { JobRecord } from "../src/services/jobs/job-record.js";
import { openStore, type Store, type StoreBackend } from "../src/services/store.js";
import { TtapiClient } from "../src/services/ttapi/ttapi-client.js";
import { createJobServices } from "../test/support/job-services.js";
import { startRedis } from "../test/support/redis-server.js";
import { isFinished, videoLinkIn } from "../test/support/shown-video.js";
import { benchAckByStore } from "./ack-by-store.js";
import { startBotOnFakes } from "./bot-on-fakes.js";
import { benchBusyServerFarStore } from "./busy-server-far-store.js";
import { ms, percentile, rssOf } from "./figures.js";
import { benchManyServers } from "./many-servers.js";
import { benchSoak } from "./soak.js";
import { benchStoreLatency } from "./store-latency.js";

/**
 * `npm run bench`: prints figures, asserts nothing. Everything runs on loopback.
 *  1. /grok-video through the real discord.js client: time to acknowledge and to deliver.
 *  2. A busy server: 100 members within one second, default caps (a line forms); then the
 *     same with the bot as its own process on SQLite and on Redis, acknowledgements side
 *     by side (`--ack-only` runs just that).
 *  3. The job tracker with thousands of jobs in flight: throughput and memory per job.
 *  4. Scale: starting one more job, bytes written, RSS and resume at 100, 1,000 and
 *     10,000 jobs in flight, on the store given by `--store sqlite|redis|memory`
 *     (default sqlite; redis starts its own redis-server).
 *  5. Redis 10 ms away (a delaying proxy): store round trips and commands of one job, and
 *     100 members of one server at once with the caps lifted.
 *  6. Attaching videos: the bot's peak memory (in its own process) while videos finish at
 *     once and are downloaded and uploaded, against MAX_UPLOADS_IN_FLIGHT × limit + 50 MB.
 *     Last, because the fakes keep every byte they receive.
 * `--scale-only` runs 4 alone; `--soak <minutes>` runs only the soak (see bench/soak.ts);
 * `--far-store-only` a busy server with Redis 0, 10 and 50 ms away; `--servers <n>` the bot
 * in n servers on 4 shard processes (ready time, memory, caches).
 */

const args = parseArgs({
  options: {
    store: { type: "string", default: "sqlite" },
    "scale-only": { type: "boolean" },
    "ack-only": { type: "boolean" },
    "far-store-only": { type: "boolean" },
    soak: { type: "string" },
    servers: { type: "string" },
  },
}).values;

async function benchCommands(requests: number, concurrency: number) {
  const world = await startFakeWorld({
    env: {
      MAX_ACTIVE_JOBS_PER_USER: String(requests),
      MAX_ACTIVE_JOBS_PER_GUILD: String(requests),
      TTAPI_POLL_INTERVAL_MS: "20",
    },
  });
  const acks: number[] = [];
  const deliveries: number[] = [];
  try {
    for (let done = 0; done < requests; done += concurrency) {
      const batch = Array.from({ length: Math.min(concurrency, requests - done) }, async (_, i) => {
        const sentAt = performance.now();
        const { interactionId } = world.discord.runCommand("grok-video", {
          prompt: `bench ${done + i}`,
        });
        await world.discord.calls.waitFor(
          (call: RestCall) => call.path.startsWith(`/interactions/${interactionId}/`),
          10_000,
        );
        acks.push(performance.now() - sentAt);
        await world.discord.calls.waitFor(
          () => isFinished(world.discord.originalResponse(interactionId)),
          30_000,
        );
        deliveries.push(performance.now() - sentAt);
      });
      await Promise.all(batch);
    }
  } finally {
    await world.stop();
  }
  console.log(
    `\n/grok-video end to end (${requests} requests, ${concurrency} at a time, real discord.js)`,
  );
  console.log(
    `  acknowledge: p50 ${ms(percentile(acks, 50))}  p95 ${ms(percentile(acks, 95))}  max ${ms(Math.max(...acks))}  (Discord allows 3000 ms)`,
  );
  console.log(
    `  delivered:   p50 ${ms(percentile(deliveries, 50))}  p95 ${ms(percentile(deliveries, 95))}  (fake TTAPI: 3 polls, intervals growing from 20 ms; 4 polls at a time)`,
  );
}

async function benchBusyServer(members: number) {
  // Default caps: 20 jobs at TTAPI per server, the rest wait in the bot's line.
  const world = await startFakeWorld({ env: { WAITING_UPDATE_INTERVAL_MS: "500" } });
  let longestLine = 0;
  world.discord.calls.subscribe((call) => {
    for (const embed of (call.body?.embeds as { fields?: { name: string; value: string }[] }[]) ??
      []) {
      const place = embed.fields?.find((field) => field.name === "Place in line");
      if (place) longestLine = Math.max(longestLine, Number(place.value));
    }
  });
  const users = Array.from({ length: members }, (_, i) => world.discord.addMember(`bench${i}`));
  const startedAt = performance.now();
  const acks: number[] = [];
  let lastDelivered = 0;
  try {
    await Promise.all(
      users.map(async (user, i) => {
        // Spread over one second, as members typing at the same time would.
        await new Promise((resolve) => setTimeout(resolve, (i * 1000) / members));
        const sentAt = performance.now();
        const { interactionId } = world.discord.runCommand(
          "grok-video",
          { prompt: `busy bench ${i}` },
          user,
        );
        await world.discord.calls.waitFor(
          (call: RestCall) => call.path.startsWith(`/interactions/${interactionId}/`),
          10_000,
        );
        acks.push(performance.now() - sentAt);
        await world.discord.calls.waitFor(
          () => videoLinkIn(world.discord.originalResponse(interactionId)?.content) !== undefined,
          120_000,
        );
        lastDelivered = Math.max(lastDelivered, performance.now() - startedAt);
      }),
    );
  } finally {
    await world.stop();
  }
  console.log(`
Busy server: ${members} members within one second (default caps, real discord.js)`);
  console.log(
    `  acknowledge:    p50 ${ms(percentile(acks, 50))}  p99 ${ms(percentile(acks, 99))}  (Discord allows 3000 ms)`,
  );
  console.log(
    `  last video:     ${ms(lastDelivered)} after the first request (fake TTAPI: 3 polls a job)`,
  );
  console.log(
    `  longest line:   ${longestLine} waiting; at most ${world.ttapi.peakRunningJobs} at TTAPI at once (cap 20)`,
  );
}

async function benchTracker(jobCount: number) {
  const fake = new FakeTtapi({ apiKey: "bench" });
  await fake.start();
  const ttapi = new TtapiClient({
    baseUrl: fake.baseUrl,
    apiKey: "bench",
    timeoutMs: 5_000,
    resolution: "720p",
  });
  let finished = 0;
  let allDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    allDone = resolve;
  });
  const { tracker, generations, lifecycle } = await createJobServices({
    ttapi,
    notifier: {
      publish: async (job: JobRecord) => ({ delivery: job.delivery }),
      tellLost: async () => undefined,
    },
    pollIntervalMs: 200,
    maxPollIntervalMs: 400,
    concurrency: 16,
    giveUpAfterMs: 600_000,
    maxActive: jobCount,
    // Every job is another member's.
    maxActivePerUser: 1,
  });
  lifecycle.onEnded(() => {
    if (++finished === jobCount) allDone();
  });

  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const startedAt = performance.now();
  let firstTenth = 0;
  for (let i = 0; i < jobCount; i++) {
    fake.scriptSubmits({
      accept: true,
      steps: [{ status: "ON_QUEUE" }, { status: "ON_QUEUE" }, { status: "SUCCESS" }],
    });
    await generations.start({
      id: `bench-${i}`,
      request: { prompt: `bench ${i}`, aspectRatio: "16:9", videoLength: 10, referImages: [] },
      origin: {
        guildId: "1",
        channelId: "2",
        userId: `u${i}`,
        locale: null,
        roleIds: [],
        managesServer: false,
      },
      delivery: {
        applicationId: "3",
        interactionToken: null,
        tokenIssuedAt: Date.now(),
        replyToMessageId: null,
      },
    });
    if (i + 1 === jobCount / 10) firstTenth = performance.now() - startedAt;
  }
  const submitted = performance.now();
  global.gc?.();
  const heapTracked = process.memoryUsage().heapUsed;
  await done;
  const finishedAt = performance.now();
  await tracker.stop();
  await fake.stop();

  const polls = fake.fetches.entries.length;
  console.log(`\nJob tracker (${jobCount} jobs in flight, concurrency 16, fake TTAPI over HTTP)`);
  const perStart = (count: number, elapsed: number) =>
    `${(elapsed / count).toFixed(2)} ms per start`;
  console.log(
    `  start jobs:  first ${jobCount / 10}: ${perStart(jobCount / 10, firstTenth)}; all ${jobCount}: ${perStart(jobCount, submitted - startedAt)}`,
  );
  console.log(
    "               (in-memory store; later starts share the process with polls of earlier jobs: the cost of one start alone is under Scale)",
  );
  console.log(
    `  poll to end: ${ms(finishedAt - submitted)}, ${polls} polls, ${((polls / (finishedAt - submitted)) * 1000).toFixed(0)} polls/s, peak ${fake.peakConcurrentFetches} concurrent`,
  );
  console.log(
    `  memory:      ${((heapTracked - heapBefore) / jobCount / 1024).toFixed(2)} KiB heap per job in flight (records, index, fake's own state included)${global.gc ? "" : " (run with --expose-gc for steadier figures)"}`,
  );
}

const MiB = 1024 * 1024;

/**
 * `videos` jobs whose videos are `size` bytes finish at once in a bot process of its own
 * (so the fakes' copies of the bytes are not counted): its RSS before, its peak (sampled
 * every 10 ms) until every job's message is final, how long that took, and the uploads.
 */
async function finishTogether(
  videos: number,
  size: number,
  options: { env: Record<string, string>; uploadLimit: number },
) {
  const { ttapi, discord, bot, stop } = await startBotOnFakes({
    attachmentSizeLimit: options.uploadLimit,
    env: { TTAPI_POLL_INTERVAL_MS: "50", TTAPI_POLL_MAX_INTERVAL_MS: "100", ...options.env },
  });
  try {
    await bot.ready;
    const users = Array.from({ length: videos }, (_, i) => discord.addMember(`upload${i}`));
    ttapi.scriptSubmits(
      ...users.map(() => ({ accept: true as const, steps: [{ status: "ON_QUEUE" as const }] })),
    );
    const interactions = users.map(
      (user, i) =>
        discord.runCommand("grok-video", { prompt: `upload bench ${i}` }, user).interactionId,
    );
    await discord.calls.waitFor(
      () => interactions.every((id) => (discord.originalResponse(id)?.embeds.length ?? 0) > 0),
      30_000,
    );
    const before = rssOf(bot.child.pid!);
    const startedAt = performance.now();
    for (const submit of ttapi.submits.entries) {
      ttapi.serveVideo(submit.jobId!, { size });
      ttapi.scriptJob(submit.jobId!, [{ status: "SUCCESS" }]);
    }
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssOf(bot.child.pid!));
    }, 10);
    await discord.calls.waitFor(
      () => interactions.every((id) => isFinished(discord.originalResponse(id))),
      300_000,
    );
    clearInterval(sampler);
    const uploads = discord.calls.filter((c) => c.files.length > 0).length;
    return { before, peak, tookMs: performance.now() - startedAt, uploads };
  } finally {
    await stop();
  }
}

async function benchUploads(inFlight: number) {
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
  const env = { MAX_UPLOADS_IN_FLIGHT: String(inFlight) };
  const runs = [
    [
      "20 × 10 MiB",
      10 * MiB,
      await finishTogether(20, 10 * MiB - 1024, { env, uploadLimit: 10 * MiB }),
    ],
    // A member with Nitro: the interaction allows 50 MiB.
    [
      "6 × 50 MiB",
      50 * MiB,
      await finishTogether(6, 50 * MiB - 1024, { env, uploadLimit: 50 * MiB }),
    ],
    [
      "20, link only",
      10 * MiB,
      await finishTogether(20, 10 * MiB - 1024, {
        env: { ATTACH_VIDEOS: "false" },
        uploadLimit: 10 * MiB,
      }),
    ],
  ] as const;
  console.log(
    `\nAttaching videos that finish at once (MAX_UPLOADS_IN_FLIGHT=${inFlight}; bot RSS sampled every 10 ms)`,
  );
  for (const [label, limit, run] of runs) {
    const bound = inFlight * limit + 50e6;
    console.log(
      `  ${label.padEnd(14)} ${String(run.uploads).padStart(2)} uploads in ${ms(run.tookMs).padStart(9)}; RSS ${mb(run.before)} → peak ${mb(run.peak)}: +${mb(run.peak - run.before)} (bound ${inFlight} × ${limit / MiB} MiB + 50 MB = ${mb(bound)})`,
    );
  }
}

/** Counts what goes to the store: one more job must not cost more with more in flight. */
function countWrites(store: Store, partition: string) {
  const counter = { bytes: 0, keys: 0 };
  for (const keyv of [store.kv, store.activeJobs(partition)]) {
    const set = keyv.set.bind(keyv);
    keyv.set = (key: string, value: unknown, ttl?: number) => {
      counter.keys++;
      counter.bytes += key.length + JSON.stringify(value).length;
      return set(key, value, ttl);
    };
  }
  return counter;
}

/** The bot's job core on a real store, TTAPI and Discord stubbed in-process. */
function scaleServices(store: Store) {
  // Polls ten minutes away: this measures starting and resuming, not polling.
  const config = loadConfig({
    DISCORD_TOKEN: "unused",
    TTAPI_API_KEY: "unused",
    JOB_RETENTION_DAYS: "1",
    DEFAULT_MEMBER_VIDEO_LIMIT: "5",
    TTAPI_POLL_INTERVAL_MS: "600000",
    TTAPI_POLL_MAX_INTERVAL_MS: "3600000",
    JOB_GIVE_UP_AFTER_MINUTES: "60",
    MAX_ACTIVE_JOBS_PER_USER: "1000",
    MAX_ACTIVE_JOBS_PER_GUILD: "10000",
    MAX_WAITING_PER_GUILD: "1000",
    SUBMIT_RETRY_DELAY_MS: "1000",
    WAITING_UPDATE_INTERVAL_MS: "1000",
  });
  let submitted = 0;
  return createJobCore({
    config,
    store,
    notifier: () => ({
      publish: async (job: JobRecord) => ({ delivery: job.delivery }),
      tellLost: async () => undefined,
    }),
    logger: pino({ level: "silent" }),
    partition: "bench",
    linkRefresher: { refresh: async () => new Map() },
    ttapi: {
      submit: async () => ({ jobId: `ttapi-${++submitted}` }),
      fetchJob: async () => ({ state: "generating" }),
      checkKey: async () => ({ verdict: "accepted" }),
    },
  });
}

const startJob = (generations: GenerationService, n: number) =>
  generations.start({
    id: `scale-${n}`,
    request: { prompt: `scale ${n}`, aspectRatio: "16:9", videoLength: 10, referImages: [] },
    // 100 servers, a member each per job: like a bot in many servers.
    origin: {
      guildId: String(n % 100),
      channelId: "2",
      userId: `u${n}`,
      locale: null,
      roleIds: [],
      managesServer: false,
    },
    delivery: {
      applicationId: "3",
      interactionToken: null,
      tokenIssuedAt: Date.now(),
      replyToMessageId: null,
    },
  });

async function benchScale(backend: StoreBackend) {
  const redis = backend === "redis" ? await startRedis() : undefined;
  const url =
    backend === "sqlite"
      ? `sqlite://${join(mkdtempSync(join(tmpdir(), "grok-bench-")), "bench.sqlite")}`
      : backend === "redis"
        ? redis!.url
        : "memory://";
  const rows: string[] = [];
  global.gc?.();
  const baseline = process.memoryUsage().rss / 1024 / 1024;
  console.log(
    `  RSS before any job: ${baseline.toFixed(0)} MB (tsx included; compiled, as npm start runs, ~40 MB less)`,
  );
  try {
    for (const inFlight of [100, 1_000, 10_000]) {
      await redis?.flush();
      const store = await openStore(url.replace("bench.sqlite", `bench-${inFlight}.sqlite`));
      const writes = countWrites(store, "bench");
      const { jobs, tracker, generations } = scaleServices(store);
      await jobs.load();
      for (let n = 0; n < inFlight; n++) await startJob(generations, n);
      // Then 200 more, one at a time: the cost of starting one more job at this load.
      const costs: number[] = [];
      const before = { ...writes };
      for (let n = inFlight; n < inFlight + 200; n++) {
        const at = performance.now();
        await startJob(generations, n);
        costs.push(performance.now() - at);
      }
      const perStart = {
        keys: (writes.keys - before.keys) / 200,
        bytes: (writes.bytes - before.bytes) / 200,
      };
      global.gc?.();
      const rss = process.memoryUsage().rss / 1024 / 1024;
      await tracker.stop();
      await generations.stop();
      // A restart: a new process's services read the same store back.
      const restarted = scaleServices(store);
      const resumeAt = performance.now();
      const resumed = await restarted.generations.resume(await restarted.jobs.load());
      const resumeMs = performance.now() - resumeAt;
      await restarted.tracker.stop();
      await store.disconnect();
      rows.push(
        `  ${String(inFlight).padStart(6)} in flight: start one more ${ms(percentile(costs, 50)).padStart(8)} (median)  ${perStart.keys.toFixed(1)} keys, ${perStart.bytes.toFixed(0)} B written  RSS ${rss.toFixed(0)} MB (+${(rss - baseline).toFixed(0)})  resume ${resumed} jobs in ${ms(resumeMs)}`,
      );
      console.log(rows.at(-1));
    }
  } finally {
    await redis?.stop();
  }
  return rows;
}

const started = performance.now();
if (args.servers !== undefined) {
  const servers = Number(args.servers);
  if (!Number.isInteger(servers) || servers < 1) throw new Error("--servers takes a number");
  await benchManyServers(servers, 4);
  process.exit(0);
}
if (args["far-store-only"]) {
  await benchBusyServerFarStore(100, [0, 10, 50]);
  process.exit(0);
}
if (args["ack-only"]) {
  await benchAckByStore(100, 3);
  process.exit(0);
}
if (args.soak !== undefined) {
  const minutes = Number(args.soak);
  if (!Number.isInteger(minutes) || minutes < 1) throw new Error("--soak takes whole minutes");
  await benchSoak(minutes);
  process.exit(0);
}
if (!args["scale-only"]) {
  await benchCommands(200, 20);
  await benchBusyServer(100);
  await benchAckByStore(100, 3);
  await benchTracker(2_000);
}
const backend = args.store as StoreBackend;
if (!["sqlite", "redis", "memory"].includes(backend)) {
  throw new Error(`--store must be sqlite, redis or memory, not ${backend}`);
}
console.log(
  `\nScale on ${backend} (jobs in flight across 100 servers; TTAPI and Discord stubbed in-process)`,
);
await benchScale(backend);
if (!args["scale-only"]) {
  await benchStoreLatency(10, 100);
  await benchBusyServerFarStore(100, [0, 10, 50]);
  await benchUploads(2);
}
console.log(`\nbench finished in ${((performance.now() - started) / 1000).toFixed(1)} s`);
