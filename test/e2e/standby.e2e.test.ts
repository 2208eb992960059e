import { describe, expect, it } from "vitest";
import { freePort } from "../support/e2e-helpers.js";
import { processFixture } from "../support/process-fixture.js";
import { storeBackends } from "../support/store-backends.js";

const backends = storeBackends();
const fixture = processFixture("standby-key");
const { start } = fixture;

describe.each(backends)("one process per set of shards, on $name", ({ prepare }) => {
  it("lets a second process for the same shards stand by, naming the first, and take over at once when it is killed", async (context) => {
    fixture.env.STORE_URL = await prepare(context);
    // The standby tries again every third of the lease (3 s): a takeover that waited for
    // the claim to expire (9 s) would fail the test.
    fixture.env.OWNER_LEASE_MS = "9000";
    const first = start();
    await first.ready;
    const port = await freePort();
    const second = start({ METRICS_PORT: String(port) });
    const standing = await second.logs.waitFor(
      (line) => line.msg?.startsWith("standing by") === true,
      15_000,
      "the standby line",
    );
    expect(standing.msg).toContain("another bot process already runs shard-0 on this store");
    expect(standing.msg).toContain(`pid ${first.child.pid}`);
    expect(second.child.exitCode).toBeNull();
    expect(second.logs.entries.some((line) => line.msg === "bot ready")).toBe(false);
    // Operators see it: healthy, saying it stands by, and counted in /metrics.
    const health = await (await fetch(`http://127.0.0.1:${port}/healthz`)).json();
    expect(health).toMatchObject({ status: "ok", standby: expect.stringContaining("shards") });
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toContain("grok_standby 1");

    first.child.kill("SIGKILL");
    await first.exited;
    const killedAt = Date.now();
    await second.logs.waitFor((line) => line.msg === "bot ready", 10_000, "the takeover");
    // Gone from this host (Redis) or its file lock dropped (SQLite): at the next try.
    expect(Date.now() - killedAt).toBeLessThan(7_000);
  });

  it("stops a standby with SIGTERM, exit 0, without waiting for the shards", async (context) => {
    fixture.env.STORE_URL = await prepare(context);
    const first = start();
    await first.ready;
    const second = start();
    await second.logs.waitFor((line) => line.msg?.startsWith("standing by") === true, 15_000);
    second.child.kill("SIGTERM");
    expect((await second.exited).code).toBe(0);
    expect(first.child.exitCode).toBeNull();
  });
});
