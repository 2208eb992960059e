import { afterEach, describe, expect, it } from "vitest";
import { finishedReply, freshWorlds, shownVideo } from "../support/e2e-helpers.js";
import { redisBackend } from "../support/store-backends.js";
import { roundTrips, startTcpProxy, type TcpProxy } from "../support/tcp-proxy.js";

const redis = redisBackend();
const proxies: TcpProxy[] = [];
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
});
// Registered after the proxies' hook, so it runs first: the bot stops while it reaches Redis.
const start = freshWorlds();

describe("store round trips with Redis 10 ms away, on redis", () => {
  it("takes at most 3 from /grok-video to the TTAPI submit, and 1 each to settle and end", async (context) => {
    const url = await redis.prepare(context);
    const proxy = await startTcpProxy(Number(new URL(url).port), { latencyMs: 10 });
    proxies.push(proxy);
    const w = await start({
      storeUrl: `redis://127.0.0.1:${proxy.port}`,
      // The shards' lease is renewed every 200 s: no heartbeat inside the counted windows.
      env: { OWNER_LEASE_MS: "600000" },
    });
    /**
     * Until a job's last write is done (its unfinished-job row gone) and nothing has passed
     * the proxy for 100 ms: what is counted next is the next job's alone.
     */
    const settled = async (jobId: string) => {
      const deadline = Date.now() + 10_000;
      const active = w.store.activeJobs("shard-0");
      while ((await active.get(jobId)) !== undefined && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      while (Date.now() - (proxy.events.at(-1)?.at ?? 0) < 100 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    const video = async (prompt: string) => {
      w.ttapi.scriptSubmits({ accept: true, steps: [{ status: "ON_QUEUE" }] });
      const sentAt = Date.now();
      const { interactionId } = w.discord.runCommand("grok-video", { prompt });
      const submit = await w.ttapi.submits.waitFor((s) => s.body.prompt === prompt && !!s.jobId);
      return { sentAt, submit, interactionId };
    };
    // The server's settings are read once, then cached.
    const first = await video("trips: warm up");
    w.ttapi.scriptJob(first.submit.jobId!, [{ status: "SUCCESS" }]);
    await finishedReply(w, first.interactionId);
    await settled(first.interactionId);

    const { sentAt, submit, interactionId } = await video("trips: a heron");
    const toSubmit = roundTrips(proxy.events, sentAt, submit.at);
    expect(toSubmit.roundTrips).toBeLessThanOrEqual(3);

    const fetchesBefore = w.ttapi.fetches.entries.length;
    w.ttapi.scriptJob(submit.jobId!, [{ status: "SUCCESS" }]);
    const success = await w.ttapi.fetches.waitFor(
      (f) => f.jobId === submit.jobId && f.answer.includes("SUCCESS"),
    );
    expect(w.ttapi.fetches.entries.length).toBeGreaterThan(fetchesBefore);
    // Settled and ended before the finished video is shown (uploaded).
    expect(shownVideo(await finishedReply(w, interactionId)).file).toBeDefined();
    const shown = w.discord.calls.filter((call) => call.files.length > 0).at(-1)!;
    const toEnd = roundTrips(proxy.events, success.at, shown.at);
    // Settle (one script), end (record and row together), then the usage the finished
    // message shows, read in one go (the durations note rides along); last, between the
    // download and the upload, the check that this process still holds its shards.
    expect(toEnd.roundTrips).toBeLessThanOrEqual(4);
    expect(toEnd.commands.slice(0, 3)).toEqual(["EVALSHA", "SET", "SET"]);
  });
});
