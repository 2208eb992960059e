import { describe, expect, it } from "vitest";
import { FakeDiscord } from "../../src/fakes/discord/fake-discord.js";
import { FakeTtapi } from "../../src/fakes/ttapi/fake-ttapi.js";
import {
  type BotProcess,
  fakesEnv,
  oneOfTwoShards,
  startBotProcess,
} from "../support/bot-process.js";
import { freePort, videoLinkIn } from "../support/e2e-helpers.js";
import { hostNetwork } from "../support/host-network.js";
import { multiHostCleanup } from "../support/multi-host.js";
import { redisBackend } from "../support/store-backends.js";

const redis = redisBackend();
const { hosts, fakes, networks } = multiHostCleanup();

type LogLine = { msg?: string; jobId?: string; shards?: number[]; resumedJobs?: number };

describe("one bot's shards on two hosts sharing Redis", () => {
  it("serves each host's guilds, passes callbacks across hosts, resumes only its own jobs", async (context) => {
    // Each host and Redis in a network namespace of their own where this machine allows.
    const network = await hostNetwork(2, () => redis.prepare(context));
    networks.push(network);
    const { storeUrl, fakesHost } = network;
    const ttapi = new FakeTtapi({ apiKey: "hosts-key", host: fakesHost });
    const discord = new FakeDiscord({ host: fakesHost });
    fakes.push(ttapi, discord);
    await Promise.all([ttapi.start(), discord.start()]);
    const onShard0 = discord.addGuild(0, 2);
    const onShard1 = discord.addGuild(1, 2);
    const ports = { a: await freePort(), b: await freePort() };
    const host = (shard: number, port: number) => {
      const where = network.hosts[shard]!;
      const process = startBotProcess(
        {
          ...fakesEnv({ discord, ttapi }, "hosts-key"),
          STORE_URL: storeUrl,
          ...oneOfTwoShards(shard),
          HOOK_PUBLIC_URL: `http://${where.address}:${port}`,
          HOOK_PORT: String(port),
          // Polling is a ten-minute safety net here: only callbacks bring results.
          HOOK_SAFETY_POLL_INTERVAL_MS: "600000",
          TTAPI_RETRY_BASE_DELAY_MS: "5",
          VIDEO_TRUSTED_HOSTS: fakesHost,
        },
        "src/index.ts",
        where.wrap,
      );
      hosts.push(process);
      return process;
    };
    const allReady = (process: BotProcess) =>
      process.logs.waitFor((l) => l.msg === "all shards ready", 30_000, "the host's shards");
    let [a, b] = [host(0, ports.a), host(1, ports.b)];
    await Promise.all([allReady(a), allReady(b)]);

    /** Runs /grok-video in a guild; resolves with TTAPI's job and the callback URL. */
    const submitIn = async (guild: typeof onShard0, prompt: string) => {
      const run = discord.runCommand("grok-video", { prompt }, discord.users.alice, guild);
      const submit = await ttapi.submits.waitFor((s) => s.body.prompt === prompt, 10_000);
      await discord.calls.waitFor(
        () => discord.originalResponse(run.interactionId)?.embeds.length === 1,
        10_000,
        `the queued reply to ${prompt}`,
      );
      return { ...run, ttapiJobId: submit.jobId!, hookUrl: new URL(String(submit.body.hook_url)) };
    };
    const videoShown = (interactionId: string, ttapiJobId: string) =>
      discord.calls.waitFor(
        () =>
          videoLinkIn(discord.originalResponse(interactionId)?.content) ===
          ttapi.videoUrl(ttapiJobId),
        10_000,
        "the video",
      );

    // A guild on each host's shard gets its video; the callbacks go where TTAPI was told.
    const first = await submitIn(onShard0, "hosts: shard 0");
    const second = await submitIn(onShard1, "hosts: shard 1");
    expect(first.hookUrl.port).toBe(String(ports.a));
    expect(second.hookUrl.port).toBe(String(ports.b));
    expect(await ttapi.finishJob(first.ttapiJobId)).toBe(202);
    await videoShown(first.interactionId, first.ttapiJobId);

    // Host B's job, but the callback reaches host A: A passes it on through Redis.
    ttapi.scriptJob(second.ttapiJobId, [{ status: "SUCCESS" }]);
    const successAt = Date.now();
    const viaA = new URL(second.hookUrl.pathname, `http://${network.hosts[0]!.address}:${ports.a}`);
    const answer = await fetch(viaA, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ status: "SUCCESS", message: "success", jobId: second.ttapiJobId }),
    });
    expect(answer.status).toBe(202);
    await videoShown(second.interactionId, second.ttapiJobId);
    const shown = discord.calls.filter(
      (c) =>
        c.method === "PATCH" && videoLinkIn(c.body?.content) === ttapi.videoUrl(second.ttapiJobId),
    )[0]!;
    // Polling is ten minutes away: shown within seconds, it came through the callback.
    expect(shown.at - successAt).toBeLessThan(5_000);
    // Only the owning shard's process acted on it.
    await b.logs.waitFor(
      (l) => l.msg === "job finished" && (l as LogLine).jobId === second.interactionId,
    );
    const finishedBy = (process: BotProcess, jobId: string) =>
      (process.logs.entries as LogLine[]).filter(
        (l) => l.msg === "job finished" && l.jobId === jobId,
      );
    expect(finishedBy(a, second.interactionId)).toEqual([]);
    expect(finishedBy(b, second.interactionId).map((l) => l.shards)).toEqual([[1]]);

    // Each host has a job in flight; host B dies and comes back.
    const third = await submitIn(onShard0, "hosts: A in flight");
    const fourth = await submitIn(onShard1, "hosts: B in flight");
    b.killAll();
    await b.exited;
    const restartedAt = Date.now();
    b = host(1, ports.b);
    await allReady(b);
    const resumed = await b.logs.waitFor((l) => l.msg === "bot ready", 10_000);
    expect((resumed as LogLine).resumedJobs).toBe(1);
    // A resumed job's first poll may come at once; let it pass, or it could find the job
    // finished before the callback does (which would then rightly be answered 200).
    await ttapi.fetches.waitFor((f) => f.jobId === fourth.ttapiJobId && f.at >= restartedAt);
    expect(await ttapi.finishJob(fourth.ttapiJobId)).toBe(202);
    await videoShown(fourth.interactionId, fourth.ttapiJobId);
    expect(await ttapi.finishJob(third.ttapiJobId)).toBe(202);
    await videoShown(third.interactionId, third.ttapiJobId);
    expect(ttapi.submits.filter((s) => s.jobId !== undefined)).toHaveLength(4);
  }, 90_000);
});
