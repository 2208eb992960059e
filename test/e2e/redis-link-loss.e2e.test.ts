import { afterEach, describe, expect, it } from "vitest";
import { finishedReply, freePort, freshWorlds, shownVideo } from "../support/e2e-helpers.js";
import { storeBackends } from "../support/store-backends.js";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy.js";

const redis = storeBackends().find((backend) => backend.name === "redis")!;
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
    const w = await start({
      storeUrl: `redis://127.0.0.1:${proxy.port}`,
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
    // Two videos, two uploads: none was delivered twice.
    expect(w.discord.calls.filter((call) => call.files.length > 0)).toHaveLength(2);
    expect(await healthz()).toBe(200);
  });
});
