import { describe, expect, it } from "vitest";
import { FakeDiscord } from "../../src/fakes/discord/fake-discord.js";
import { FakeTtapi } from "../../src/fakes/ttapi/fake-ttapi.js";
import {
  type BotProcess,
  fakesEnv,
  oneOfTwoShards,
  startBotProcess,
} from "../support/bot-process.js";
import { isFinished } from "../support/e2e-helpers.js";
import { hostNetwork } from "../support/host-network.js";
import { multiHostCleanup } from "../support/multi-host.js";
import { redisBackend } from "../support/store-backends.js";

const redis = redisBackend();
const { hosts, fakes, networks } = multiHostCleanup();

const OUTAGE_MS = 10_000;
const METRICS_PORT = 9464;

describe("two hosts in network namespaces of their own, Redis in a third", () => {
  it("one host loses its link to Redis for 10 s: unhealthy meanwhile, then no job lost, none delivered twice", async (context) => {
    const network = await hostNetwork(2, () => redis.prepare(context));
    networks.push(network);
    const { lab, fakesHost } = network;
    if (!lab) return context.skip("needs network namespaces (root), as in CI");
    const ttapi = new FakeTtapi({ apiKey: "link-key", host: fakesHost });
    const discord = new FakeDiscord({ host: fakesHost });
    fakes.push(ttapi, discord);
    await Promise.all([ttapi.start(), discord.start()]);
    const guilds = [discord.addGuild(0, 2), discord.addGuild(1, 2)];
    const [a, b] = network.hosts.map((where, shard) => {
      const process = startBotProcess(
        {
          ...fakesEnv({ discord, ttapi }, "link-key"),
          STORE_URL: network.storeUrl,
          ...oneOfTwoShards(shard),
          TTAPI_POLL_INTERVAL_MS: "100",
          TTAPI_POLL_MAX_INTERVAL_MS: "300",
          METRICS_PORT: String(METRICS_PORT),
          METRICS_HOST: where.address,
          HEALTHZ_STORE_TIMEOUT_MS: "300",
          VIDEO_TRUSTED_HOSTS: fakesHost,
        },
        "src/index.ts",
        where.wrap,
      );
      hosts.push(process);
      return process;
    }) as [BotProcess, BotProcess];
    await Promise.all(
      [a, b].map((host) => host.logs.waitFor((l) => l.msg === "all shards ready", 30_000)),
    );
    // Each shard's process has its own port: METRICS_PORT + its shard id.
    const healthz = async (shard: number) => {
      const url = `http://${network.hosts[shard]!.address}:${METRICS_PORT + shard}/healthz`;
      return (await fetch(url, { signal: AbortSignal.timeout(5_000) })).status;
    };
    expect([await healthz(0), await healthz(1)]).toEqual([200, 200]);

    // A job in flight on each host.
    const jobs = await Promise.all(
      guilds.map(async (guild, shard) => {
        const prompt = `link loss: host ${shard}`;
        ttapi.scriptSubmits({ accept: true, steps: [{ status: "ON_QUEUE" }] });
        const run = discord.runCommand("grok-video", { prompt }, discord.users.alice, guild);
        const submit = await ttapi.submits.waitFor((s) => s.body.prompt === prompt && !!s.jobId);
        return { interactionId: run.interactionId, ttapiJobId: submit.jobId! };
      }),
    );
    const shown = (job: (typeof jobs)[number], timeoutMs: number) =>
      discord.calls.waitFor(
        () => isFinished(discord.originalResponse(job.interactionId)),
        timeoutMs,
        `the video of ${job.interactionId}`,
      );

    lab.cut(network.hosts[0]!.namespace!, network.redis!);
    const cutAt = Date.now();
    try {
      // TTAPI finishes both while host A cannot reach Redis; host B carries on.
      for (const job of jobs) ttapi.scriptJob(job.ttapiJobId, [{ status: "SUCCESS" }]);
      await shown(jobs[1]!, 10_000);
      let answers = 0;
      while (Date.now() - cutAt < OUTAGE_MS) {
        const status = await healthz(0);
        // Unhealthy from its first probe after the cut (the probe times out in 300 ms).
        if (Date.now() - cutAt > 1_000) {
          expect(status).toBe(503);
          answers++;
        }
      }
      expect(answers).toBeGreaterThan(0);
      expect(await healthz(1)).toBe(200);
      expect(isFinished(discord.originalResponse(jobs[0]!.interactionId))).toBe(false);
    } finally {
      lab.restore(network.hosts[0]!.namespace!, network.redis!);
    }

    await shown(jobs[0]!, 30_000);
    // Two videos, two uploads, two submits: none lost, none done twice.
    expect(discord.calls.filter((call) => call.files.length > 0)).toHaveLength(2);
    expect(ttapi.submits.filter((s) => s.jobId !== undefined)).toHaveLength(2);
    const deadline = Date.now() + 20_000;
    while ((await healthz(0)) !== 200 && Date.now() < deadline);
    expect(await healthz(0)).toBe(200);
  }, 90_000);
});
