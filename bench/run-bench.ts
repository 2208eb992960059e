import type { RestCall } from "../src/fakes/discord/fake-discord.js";
import { startFakeWorld } from "../src/fakes/fake-world.js";
import { FakeTtapi } from "../src/fakes/ttapi/fake-ttapi.js";
import type { JobRecord } from "../src/services/jobs/job-record.js";
import { TtapiClient } from "../src/services/ttapi/ttapi-client.js";
import { createJobServices } from "../test/support/job-services.js";

/**
 * `npm run bench`: prints figures, asserts nothing. Everything runs on loopback.
 *  1. /grok-video through the real discord.js client: time to acknowledge and to deliver.
 *  2. A busy server: 100 members within one second, default caps (a line forms).
 *  3. The job tracker with thousands of jobs in flight: throughput and memory per job.
 */

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

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
          () => (world.discord.originalResponse(interactionId)?.components?.length ?? 0) > 0,
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
          () => world.discord.originalResponse(interactionId)?.content.endsWith(".mp4") === true,
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
  const { tracker, generations, lifecycle } = createJobServices({
    ttapi,
    notifier: { publish: async (job: JobRecord) => job.delivery },
    pollIntervalMs: 200,
    maxPollIntervalMs: 400,
    concurrency: 16,
    giveUpAfterMs: 600_000,
    maxActive: jobCount,
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
      origin: { guildId: "1", channelId: "2", userId: `u${i}`, locale: null },
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
    "               (in-memory store; grows with jobs in flight: the unfinished-job index and open reservations are rewritten whole on each change)",
  );
  console.log(
    `  poll to end: ${ms(finishedAt - submitted)}, ${polls} polls, ${((polls / (finishedAt - submitted)) * 1000).toFixed(0)} polls/s, peak ${fake.peakConcurrentFetches} concurrent`,
  );
  console.log(
    `  memory:      ${((heapTracked - heapBefore) / jobCount / 1024).toFixed(2)} KiB heap per job in flight (records, index, fake's own state included)${global.gc ? "" : " (run with --expose-gc for steadier figures)"}`,
  );
}

const started = performance.now();
await benchCommands(200, 20);
await benchBusyServer(100);
await benchTracker(2_000);
console.log(`\nbench finished in ${((performance.now() - started) / 1000).toFixed(1)} s`);
