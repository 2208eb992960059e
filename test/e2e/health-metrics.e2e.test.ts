import { setTimeout as sleep } from "node:timers/promises";
import { fetch } from "undici";
import { describe, expect, it } from "vitest";
import { VERSION } from "../../src/version.js";
import { finishedReply, freePort, freshWorlds } from "../support/e2e-helpers.js";

const start = freshWorlds();

/** Asks `url` until `accept` likes the answer, every 25 ms, for at most `timeoutMs`. */
async function pollUntil(url: string, accept: (status: number) => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(url);
    const body = await response.text();
    if (accept(response.status)) return { status: response.status, body };
    if (Date.now() > deadline) throw new Error(`${url} still answered ${response.status}: ${body}`);
    await sleep(25);
  }
}

/** One sample of the Prometheus text format, e.g. `name{a="b"} 3`. */
const SAMPLE = /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})? (-?[0-9.e+-]+|NaN|[+-]Inf)$/;

describe("/healthz and /metrics for operators", () => {
  it("is healthy, then 503 while the gateway is down, and healthy again after reconnecting", async () => {
    const port = await freePort();
    const w = await start({ env: { METRICS_PORT: String(port) } });
    const url = `http://127.0.0.1:${port}/healthz`;
    expect(await pollUntil(url, (status) => status === 200, 5_000)).toEqual({
      status: 200,
      body: JSON.stringify({ status: "ok", version: VERSION }),
    });
    w.discord.cutGateway();
    const down = await pollUntil(url, (status) => status === 503, 10_000);
    expect(JSON.parse(down.body)).toEqual({
      status: "unhealthy",
      reason: expect.stringContaining("gateway not connected"),
      version: VERSION,
    });
    // Alert rules read the same verdict from /metrics.
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toContain('grok_up{check="gateway"} 0');
    expect(metrics).toContain('grok_up{check="store"} 1');
    w.discord.restoreGateway();
    expect((await pollUntil(url, (status) => status === 200, 20_000)).status).toBe(200);
  });

  it("serves Prometheus text whose counters move by exactly the jobs run, without prompts or ids", async () => {
    const port = await freePort();
    const w = await start({ env: { METRICS_PORT: String(port) } });
    await finishedReply(
      w,
      w.discord.runCommand("grok-video", { prompt: "metrics: a kite" }).interactionId,
    );
    await finishedReply(
      w,
      w.discord.runCommand("grok-video", { prompt: "metrics: rain [fail]" }).interactionId,
    );

    const response = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(response.headers.get("content-type")).toContain("text/plain");
    const text = await response.text();
    const samples = text.split("\n").filter((line) => line !== "" && !line.startsWith("#"));
    expect(samples.filter((line) => !SAMPLE.test(line))).toEqual([]);
    expect(samples).toContain("grok_jobs_started_total 2");
    expect(samples).toContain('grok_jobs_finished_total{status="succeeded",failure_kind="none"} 1');
    expect(samples).toContain(
      'grok_jobs_finished_total{status="failed",failure_kind="generation"} 1',
    );
    expect(samples).toContain('grok_video_uploads_total{outcome="attached"} 1');
    expect(samples).toContain("grok_jobs_in_flight 0");
    expect(samples).toContain(
      `grok_build_info{version="${VERSION}",node_version="${process.versions.node}"} 1`,
    );
    expect(samples).toContain('grok_up{check="ttapi_balance"} 1');
    expect(samples.some((line) => line.startsWith("process_resident_memory_bytes"))).toBe(true);
    expect(
      samples.some((line) =>
        line.startsWith('grok_ttapi_request_duration_seconds_count{operation="submit"}'),
      ),
    ).toBe(true);
    expect(text).not.toContain("kite");
    expect(text).not.toContain(w.discord.users.alice.id);
  });
});
