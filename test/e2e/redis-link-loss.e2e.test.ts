import { afterEach, describe, expect, it } from "vitest";
import { capturedLog } from "../support/captured-log.js";
import { finishedReply, freePort, freshWorlds, shownVideo } from "../support/e2e-helpers.js";
import { redisBackend } from "../support/store-backends.js";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy.js";

const redis = redisBackend();
const proxies: TcpProxy[] = [];
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
});
// Registered after the proxies' hook, so it runs first: the bot stops while it reaches Redis.
const start = freshWorlds();

describe("a host that loses its link to Redis for a while, on redis", () => {
  it("is unhealthy meanwhile, then finishes every job once: none lost, none delivered twice", async (context) => {
    const url = await redis.prepare(context);
    const proxy = await startTcpProxy(Number(new URL(url).port));
    proxies.push(proxy);
    const port = await freePort();
    const log = capturedLog();
    const w = await start({
      storeUrl: `redis://127.0.0.1:${proxy.port}`,
      logger: log.logger,
      env: { METRICS_PORT: String(port), HEALTHZ_STORE_TIMEOUT_MS: "300" },
    });
    const healthz = async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).status;
    w.ttapi.scriptSubmits(
      { accept: true, steps: [{ status: "ON_QUEUE" }] },
      { accept: true, steps: [{ status: "ON_QUEUE" }] },
    );
    const jobs = ["link: a seal", "link: a puffin"].map(
      (prompt) => w.discord.runCommand("grok-video", { prompt }).interactionId,
    );
    const submitted = await Promise.all(
      ["link: a seal", "link: a puffin"].map((prompt) =>
        w.ttapi.submits.waitFor((s) => s.body.prompt === prompt && s.jobId !== undefined),
      ),
    );
    expect(await healthz()).toBe(200);

    await proxy.cut();
    try {
      // TTAPI finishes both while the bot cannot reach Redis; its polls wait for the store.
      for (const { jobId } of submitted) w.ttapi.scriptJob(jobId!, [{ status: "SUCCESS" }]);
      // The first probe may still be read as answered (keyv can report a failed read as a
      // miss): unhealthy within the probe's timeout, then for as long as the link is down.
      const unhealthyBy = Date.now() + 2_000;
      while ((await healthz()) !== 503 && Date.now() < unhealthyBy);
      expect(await healthz()).toBe(503);
      // Past a poll interval or two, with the link still down.
      const until = Date.now() + 1_000;
      while (Date.now() < until) await healthz();
      expect(await healthz()).toBe(503);
    } finally {
      await proxy.restore();
    }

    for (const interactionId of jobs) {
      expect(shownVideo(await finishedReply(w, interactionId, 15_000)).file).toBeDefined();
    }
    // The outage is logged once, and its end once: not a line per poll of every job.
    const said = log.lines.entries.map((line) => line.msg);
    expect(said.filter((msg) => msg === "poll failed; will retry")).toEqual([]);
    expect(said.filter((msg) => msg === "store unreachable")).toHaveLength(1);
    await log.lines.waitFor((line) => line.msg === "store back", 5_000, "store back");
    // Two videos, two uploads: none was delivered twice.
    expect(w.discord.calls.filter((call) => call.files.length > 0)).toHaveLength(2);
    expect(await healthz()).toBe(200);
  });

  it("loses no job to a write or a read cut off in flight: each is done again once the link is back", async (context) => {
    const url = await redis.prepare(context);
    const proxy = await startTcpProxy(Number(new URL(url).port));
    proxies.push(proxy);
    const log = capturedLog("info");
    const w = await start({
      storeUrl: `redis://127.0.0.1:${proxy.port}`,
      logger: log.logger,
      env: { STORE_TIMEOUT_MS: "300" },
    });
    const count = (msg: string) => log.lines.filter((l) => l.msg === msg).length;
    /** Cuts the link as a request matching `match` leaves; restores it once noticed, until back. */
    const cutOnce = async (match: (chunk: Buffer) => boolean) => {
      const [outages, recoveries] = [count("store unreachable"), count("store back")];
      await proxy.cutWhen(match);
      try {
        await log.lines.waitFor(() => count("store unreachable") > outages);
      } finally {
        await proxy.restore();
      }
      await log.lines.waitFor(() => count("store back") > recoveries);
    };
    w.ttapi.scriptSubmits({ accept: true, steps: [{ status: "ON_QUEUE" }] });
    const { interactionId } = w.discord.runCommand("grok-video", { prompt: "link: in flight" });
    const key = `job:${interactionId}`;
    // TTAPI has the job; the write saying so is lost on its way to Redis.
    await cutOnce((chunk) => chunk.includes(key) && chunk.includes('"status":"queued"'));
    // A poll's read of the job is lost on its way too (keyv's default reads that as "no job").
    await cutOnce((chunk) => chunk.includes("GET") && chunk.includes(key));
    w.ttapi.scriptJob(w.ttapi.submits.entries[0]!.jobId!, [{ status: "SUCCESS" }]);

    expect(shownVideo(await finishedReply(w, interactionId, 15_000)).file).toBeDefined();
    const stored = (await w.store.kv.get(key)) as { ttapiJobId?: string };
    expect(stored.ttapiJobId).toBe(w.ttapi.submits.entries[0]?.jobId);
    expect(w.ttapi.submits.entries).toHaveLength(1);
    expect(w.discord.calls.filter((call) => call.files.length > 0)).toHaveLength(1);
  });
});
