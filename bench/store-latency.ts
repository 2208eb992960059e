import { startFakeWorld } from "../src/fakes/fake-world.js";
import { startRedis } from "../test/support/redis-server.js";
import { isFinished } from "../test/support/shown-video.js";
import { roundTrips, startTcpProxy } from "../test/support/tcp-proxy.js";
import { ms, percentile } from "./figures.js";

/** Commands by name, most frequent first: `GET 3, SET 2`. */
function tally(commands: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const name of commands) counts.set(name, (counts.get(name) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([name, count]) => `${name} ${count}`)
    .join(", ");
}

/**
 * The store as a managed Redis in another zone is: a redis-server behind a proxy that
 * adds `latencyMs` to every round trip. Counts the round trips and commands of one job,
 * then sends `members` requests of one server at once, with the caps lifted.
 */
export async function benchStoreLatency(latencyMs: number, members: number) {
  const redis = await startRedis();
  const proxy = await startTcpProxy(Number(new URL(redis.url).port), { latencyMs });
  const world = await startFakeWorld({
    storeUrl: `redis://127.0.0.1:${proxy.port}`,
    env: {
      TTAPI_POLL_INTERVAL_MS: "200",
      MAX_ACTIVE_JOBS_PER_USER: "1000",
      MAX_ACTIVE_JOBS_PER_GUILD: String(members),
    },
  });
  const { discord, ttapi } = world;
  try {
    const oneJob = async (prompt: string) => {
      ttapi.scriptSubmits({ accept: true, steps: [{ status: "SUCCESS" }] });
      const sentAt = Date.now();
      const { interactionId } = discord.runCommand("grok-video", { prompt });
      const submit = await ttapi.submits.waitFor((s) => s.body.prompt === prompt && !!s.jobId);
      const success = await ttapi.fetches.waitFor((f) => f.jobId === submit.jobId);
      await discord.calls.waitFor(() => isFinished(discord.originalResponse(interactionId)));
      const shown = discord.calls.filter((call) => call.files.length > 0).at(-1)!;
      return {
        toSubmit: roundTrips(proxy.events, sentAt, submit.at),
        toShown: roundTrips(proxy.events, success.at, shown.at),
        whole: roundTrips(proxy.events, sentAt, Date.now()),
      };
    };
    // The first request of a server reads its settings; they are cached after.
    const cold = await oneJob("latency bench: first");
    const warm = await oneJob("latency bench: second");

    const users = Array.from({ length: members }, (_, i) => discord.addMember(`latency${i}`));
    ttapi.scriptSubmits(
      ...users.map(() => ({ accept: true as const, steps: [{ status: "ON_QUEUE" as const }] })),
    );
    const acks: number[] = [];
    let lastAck = 0;
    await Promise.all(
      users.map(async (user, i) => {
        const sentAt = Date.now();
        const { interactionId } = discord.runCommand(
          "grok-video",
          { prompt: `latency crowd ${i}` },
          user,
        );
        await discord.calls.waitFor(
          (call) => call.path.startsWith(`/interactions/${interactionId}/`),
          10_000,
        );
        lastAck = Math.max(lastAck, Date.now());
        acks.push(Date.now() - sentAt);
      }),
    );
    await ttapi.submits.waitFor(
      () =>
        ttapi.submits.filter((s) => String(s.body.prompt).startsWith("latency crowd")).length ===
        members,
      60_000,
    );
    const lastSubmit = Math.max(
      ...ttapi.submits
        .filter((s) => String(s.body.prompt).startsWith("latency crowd"))
        .map((s) => s.at),
    );

    console.log(
      `\nStore round trips with Redis ${latencyMs} ms away (redis-server behind a delaying proxy; counted from the RESP that passes)`,
    );
    const line = (label: string, trips: { roundTrips: number; commands: string[] }) =>
      `  ${label.padEnd(32)} ${trips.roundTrips} round trips, ${trips.commands.length} commands (${tally(trips.commands)})`;
    console.log(line("/grok-video → submit, first:", cold.toSubmit));
    console.log(line("/grok-video → submit, after:", warm.toSubmit));
    console.log(line("SUCCESS → video shown:", warm.toShown));
    console.log(line("one job, whole life:", warm.whole));
    console.log(
      `  ${members} members of one server at once (caps lifted): acknowledge p50 ${ms(percentile(acks, 50))}  p99 ${ms(percentile(acks, 99))}; all ${members} submitted ${ms(lastSubmit - lastAck)} after the last acknowledgement`,
    );
  } finally {
    await world.stop();
    await proxy.close();
    await redis.stop();
  }
}
