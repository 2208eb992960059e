import { describe, expect, it, type TestContext } from "vitest";
import { EXIT } from "../../src/exit-codes.js";
import { FakeDiscord } from "../../src/fakes/discord/fake-discord.js";
import { FakeTtapi } from "../../src/fakes/ttapi/fake-ttapi.js";
import { fakesEnv, startBotProcess } from "../support/bot-process.js";
import { type HostNetwork, hostNetwork } from "../support/host-network.js";
import { multiHostCleanup } from "../support/multi-host.js";
import { redisBackend } from "../support/store-backends.js";
import { storedUsage } from "../support/stored-usage.js";

const redis = redisBackend();
const started = multiHostCleanup();
const LEASE_MS = 2_000;

/**
 * Host A runs the bot, host B stands by for the same shards, Redis lives on a third host;
 * each in a network namespace of its own. A job is generating on A when `fault` strikes.
 */
async function ownerAndStandby(context: TestContext) {
  const network = await hostNetwork(2, () => redis.prepare(context));
  started.networks.push(network);
  if (!network.lab) return context.skip("needs network namespaces (root), as in CI");
  const ttapi = new FakeTtapi({ apiKey: "standby-key", host: network.fakesHost });
  const discord = new FakeDiscord({ host: network.fakesHost });
  started.fakes.push(ttapi, discord);
  await Promise.all([ttapi.start(), discord.start()]);
  const startOn = (where: HostNetwork["hosts"][number]) => {
    const bot = startBotProcess(
      {
        ...fakesEnv({ discord, ttapi }, "standby-key"),
        STORE_URL: network.storeUrl,
        OWNER_LEASE_MS: String(LEASE_MS),
        TTAPI_POLL_INTERVAL_MS: "100",
        TTAPI_POLL_MAX_INTERVAL_MS: "300",
        VIDEO_TRUSTED_HOSTS: network.fakesHost,
      },
      "src/index.ts",
      where.wrap,
    );
    started.hosts.push(bot);
    return bot;
  };
  // A first, so that it is the owner.
  const a = startOn(network.hosts[0]!);
  await a.ready;
  const b = startOn(network.hosts[1]!);
  await b.logs.waitFor((line) => line.msg?.startsWith("standing by") === true, 20_000);
  ttapi.scriptSubmits({ accept: true, steps: [{ status: "ON_QUEUE" }] });
  const run = discord.runCommand("grok-video", { prompt: "two hosts: an otter" });
  const { jobId } = await ttapi.submits.waitFor((s) => s.jobId !== undefined, 10_000);
  // Saved as accepted: the standby will poll it, not wait for a callback.
  await discord.calls.waitFor(
    () =>
      JSON.stringify(discord.originalResponse(run.interactionId)?.embeds ?? []).includes(
        "Generating",
      ),
    10_000,
    "the generating status",
  );
  /** The standby has the shards, TTAPI finishes the job, and its video is shown. */
  const standbyDelivers = async () => {
    const faultAt = Date.now();
    const takeover = await b.logs.waitFor(
      (line) => line.msg === "took over the shards after standing by",
      3 * LEASE_MS,
      "the takeover",
    );
    // Within the lease and one try of the owner's last renewal (and the log's own lag).
    expect((takeover as { time: number }).time - faultAt).toBeLessThan(
      LEASE_MS + LEASE_MS / 3 + 500,
    );
    await b.logs.waitFor((line) => line.msg === "bot ready", 20_000, "the standby's start");
    ttapi.scriptJob(jobId!, [{ status: "SUCCESS" }]);
    await discord.calls.waitFor(
      () => discord.originalResponse(run.interactionId)?.files.length === 1,
      15_000,
      "the video, from the standby",
    );
  };
  /** Shown once, submitted once, counted once. */
  const exactlyOnce = async () => {
    expect(discord.calls.filter((call) => call.files.length > 0)).toHaveLength(1);
    expect(ttapi.submits.filter((s) => s.jobId !== undefined)).toHaveLength(1);
    expect(await storedUsage(network.storeUrl, discord.guild.id, discord.users.alice.id)).toEqual({
      server: 1,
      member: 1,
    });
  };
  return {
    network: network as HostNetwork & Required<Pick<HostNetwork, "lab">>,
    a,
    b,
    standbyDelivers,
    exactlyOnce,
  };
}

describe("a standby on another host, Redis on a third", () => {
  it("takes over when the owner's process group is killed (kill -9) mid-job: the video shown once", async (context) => {
    const { a, standbyDelivers, exactlyOnce } = await ownerAndStandby(context);
    a.killAll();
    await a.exited;
    await standbyDelivers();
    await exactlyOnce();
  }, 60_000);

  it("takes over when the owner's link is cut past the lease; the owner, back, stops by itself", async (context) => {
    const { network, a, standbyDelivers, exactlyOnce } = await ownerAndStandby(context);
    const { lab, hosts } = network;
    lab.cut(hosts[0]!.namespace!, network.redis!);
    try {
      // The owner polls TTAPI meanwhile and finds the job done, but cannot reach Redis.
      await standbyDelivers();
    } finally {
      lab.restore(hosts[0]!.namespace!, network.redis!);
    }
    const exit = await Promise.race([
      a.exited,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error("the owner did not stop once back")), 20_000),
      ),
    ]);
    expect(exit.code).toBe(EXIT.crash);
    expect(a.logs.entries.some((line) => line.msg?.startsWith("another process took over"))).toBe(
      true,
    );
    await exactlyOnce();
  }, 60_000);
});
