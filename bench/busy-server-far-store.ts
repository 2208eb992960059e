import { startFakeWorld } from "../src/fakes/fake-world.js";
import { startRedis } from "../test/support/redis-server.js";
import { isFinished } from "../test/support/shown-video.js";
import { roundTrips, startTcpProxy } from "../test/support/tcp-proxy.js";
import { ms } from "./figures.js";

/**
 * 100 members of one server at once on default caps (a line forms), with Redis 0, 10 and
 * 50 ms away: how long until every video is shown, against loopback, and what the store
 * costs meanwhile. A wait for the store that is made one job at a time shows here as a
 * delivery time that grows with the distance.
 */
export async function benchBusyServerFarStore(members: number, latencies: readonly number[]) {
  console.log(
    `\nBusy server with Redis far away: ${members} members at once, default caps (20 at TTAPI), each video after two polls 500 ms apart`,
  );
  let loopback: number | undefined;
  for (const latencyMs of latencies) {
    const redis = await startRedis();
    const proxy = await startTcpProxy(Number(new URL(redis.url).port), { latencyMs });
    const world = await startFakeWorld({
      storeUrl: `redis://127.0.0.1:${proxy.port}`,
      env: { TTAPI_POLL_INTERVAL_MS: "500", TTAPI_POLL_MAX_INTERVAL_MS: "500" },
    });
    const { discord, ttapi } = world;
    try {
      const users = Array.from({ length: members }, (_, i) => discord.addMember(`far${i}`));
      ttapi.scriptSubmits(
        ...users.map(() => ({
          accept: true as const,
          steps: [{ status: "ON_QUEUE" as const }, { status: "SUCCESS" as const }],
        })),
      );
      const startedAt = Date.now();
      const runs = users.map((user, i) =>
        discord.runCommand("grok-video", { prompt: `far store ${i}` }, user),
      );
      await discord.calls.waitFor(
        () => runs.every((run) => isFinished(discord.originalResponse(run.interactionId))),
        120_000,
        "every video",
      );
      const tookMs = Date.now() - startedAt;
      loopback ??= tookMs;
      const trips = roundTrips(proxy.events, startedAt, Date.now());
      console.log(
        `  ${String(latencyMs).padStart(2)} ms away: all ${members} shown in ${ms(tookMs)} (${(tookMs / loopback).toFixed(2)}× loopback); ${(trips.commands.length / members).toFixed(1)} commands and ${(trips.roundTrips / members).toFixed(1)} round trips a job`,
      );
    } finally {
      await world.stop();
      await proxy.close();
      await redis.stop();
    }
  }
}
