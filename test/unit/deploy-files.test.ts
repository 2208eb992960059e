import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { EXIT } from "../../src/exit-codes.js";
import { Metrics } from "../../src/services/metrics.js";

const root = resolve(import.meta.dirname, "../..");
const read = (file: string) => readFileSync(join(root, file), "utf8");

/** Every series the bot can serve, histograms with their _bucket, _count and _sum. */
async function servedSeries(): Promise<Set<string>> {
  const metrics = new Metrics({
    version: "test",
    jobsInFlight: () => 0,
    lineLength: () => 0,
    botBudget: async () => ({ used: 0, limit: 0 }),
  });
  const names = (await metrics.registry.getMetricsAsJSON()).flatMap(({ name, type }) =>
    String(type) === "histogram" ? [`${name}_bucket`, `${name}_count`, `${name}_sum`] : [name],
  );
  return new Set(names);
}

const seriesIn = (text: string) => [...new Set(text.match(/\bgrok_[a-z_]+/g) ?? [])];

describe("what operators install from deploy/", () => {
  it("the Grafana dashboard and the alert rules ask only for series the bot serves", async () => {
    const served = await servedSeries();
    const dashboard = read("deploy/grafana/grok-video-dashboard.json");
    const alerts = read("deploy/prometheus/grok-video-alerts.yml");
    const asked = [...seriesIn(dashboard), ...seriesIn(alerts)];
    expect(asked.length).toBeGreaterThan(10);
    expect(asked.filter((name) => !served.has(name))).toEqual([]);
    // Each state the bot knows has a rule: gateway, store, balance, lost records.
    for (const check of ["gateway", "store", "ttapi_balance"]) {
      expect(alerts).toContain(`grok_up{check="${check}"} == 0`);
    }
    expect(alerts).toContain("grok_records_set_aside_total");
  });

  it("the systemd unit runs the built bot and does not restart it on a configuration error", () => {
    const unit = read("deploy/systemd/grok-video.service");
    expect(unit).toMatch(/^ExecStart=\S*node .*dist\/src\/index\.js$/m);
    expect(unit).toMatch(/^Restart=on-failure$/m);
    expect(unit).toContain(`RestartPreventExitStatus=${EXIT.config}`);
    expect(unit).toMatch(/^StartLimitBurst=\d+$/m);
  });
});
