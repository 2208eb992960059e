import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeDiscord } from "../../src/fakes/discord/fake-discord.js";
import { FakeTtapi } from "../../src/fakes/ttapi/fake-ttapi.js";
import { type BotProcess, startBotProcess } from "../support/bot-process.js";
import { freePort, videoLinkIn } from "../support/e2e-helpers.js";
import { storeBackends } from "../support/store-backends.js";

const backends = storeBackends();

let ttapi: FakeTtapi;
let discord: FakeDiscord;
let env: Record<string, string>;
const bots: BotProcess[] = [];

beforeEach(async (context) => {
  const storeUrl = await backends[0]!.prepare(context);
  ttapi = new FakeTtapi({ apiKey: "process-key" });
  discord = new FakeDiscord();
  await Promise.all([ttapi.start(), discord.start()]);
  env = {
    DISCORD_TOKEN: discord.token,
    TTAPI_API_KEY: "process-key",
    TTAPI_BASE_URL: ttapi.baseUrl,
    DISCORD_API_BASE_URL: discord.apiBaseUrl,
    STORE_URL: storeUrl,
    TTAPI_POLL_INTERVAL_MS: "30",
    TTAPI_POLL_MAX_INTERVAL_MS: "100",
    TTAPI_RETRY_BASE_DELAY_MS: "5",
  };
});

afterEach(async () => {
  for (const bot of bots.splice(0)) bot.killAll();
  await Promise.all([ttapi.stop(), discord.stop()]);
});

function start(extra: Record<string, string> = {}): BotProcess {
  const bot = startBotProcess({ ...env, ...extra });
  bots.push(bot);
  return bot;
}

describe.each(backends)("the bot as a process, on $name", ({ prepare }) => {
  it("delivers the video after kill -9 while the job was generating", async (context) => {
    env.STORE_URL = await prepare(context);
    const first = start();
    await first.ready;
    ttapi.scriptSubmits({ accept: true, steps: [{ status: "ON_QUEUE" }] });
    const { interactionId } = discord.runCommand("grok-video", { prompt: "crash: a whale" });
    await discord.calls.waitFor(
      () =>
        JSON.stringify(discord.originalResponse(interactionId)?.embeds ?? []).includes(
          "Generating",
        ),
      10_000,
      "the generating status",
    );
    first.child.kill("SIGKILL");
    expect((await first.exited).signal).toBe("SIGKILL");

    const jobId = ttapi.submits.entries[0]!.jobId!;
    ttapi.scriptJob(jobId, [{ status: "SUCCESS" }]);
    const second = start();
    await second.ready;
    await discord.calls.waitFor(
      () => videoLinkIn(discord.originalResponse(interactionId)?.content) === ttapi.videoUrl(jobId),
      10_000,
      "the video after the restart",
    );
    expect(ttapi.submits.entries).toHaveLength(1);
  });

  it("delivers the video once after kill -9 in the middle of its download", async (context) => {
    env.STORE_URL = await prepare(context);
    const first = start();
    await first.ready;
    ttapi.scriptSubmits({ accept: true, steps: [{ status: "ON_QUEUE" }] });
    const { interactionId } = discord.runCommand("grok-video", { prompt: "crash: a heron" });
    const { jobId } = await ttapi.submits.waitFor((s) => s.body.prompt === "crash: a heron");
    let finishServing: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      finishServing = resolve;
    });
    ttapi.serveVideo(jobId!, { gate });
    ttapi.scriptJob(jobId!, [{ status: "SUCCESS" }]);
    await ttapi.videoRequests.waitFor(() => true, 10_000, "the download to start");
    first.child.kill("SIGKILL");
    await first.exited;
    finishServing();

    const second = start();
    await second.ready;
    const reply = await discord.calls.waitFor(
      () => discord.originalResponse(interactionId)?.files.length === 1,
      10_000,
      "the attached video after the restart",
    );
    expect(reply.status).toBe(200);
    const message = discord.originalResponse(interactionId)!;
    expect(message.files.map((file) => file.data)).toEqual([ttapi.videoBytes]);
    expect(videoLinkIn(message.content)).toBe(ttapi.videoUrl(jobId!));
    expect(discord.calls.filter((c) => c.files.length > 0)).toHaveLength(1);
    expect(ttapi.videoRequests.entries).toHaveLength(2);
  });
});

describe.each(backends)("one process per set of shards, on $name", ({ prepare }) => {
  it("lets a second process for the same shards stand by, naming the first, and take over at once when it is killed", async (context) => {
    env.STORE_URL = await prepare(context);
    // The standby tries again every third of the lease (3 s): a takeover that waited for
    // the claim to expire (9 s) would fail the test.
    env.OWNER_LEASE_MS = "9000";
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
    env.STORE_URL = await prepare(context);
    const first = start();
    await first.ready;
    const second = start();
    await second.logs.waitFor((line) => line.msg?.startsWith("standing by") === true, 15_000);
    second.child.kill("SIGTERM");
    expect((await second.exited).code).toBe(0);
    expect(first.child.exitCode).toBeNull();
  });
});

describe("the bot as a process", () => {
  it("says at start, in one error line, that TTAPI refuses its key", async () => {
    env.TTAPI_API_KEY = "a-key-ttapi-refuses";
    const bot = start();
    await bot.ready;
    const line = await bot.logs.waitFor(
      (entry) => entry.msg?.startsWith("TTAPI refused TTAPI_API_KEY") === true,
      10_000,
      "the key check",
    );
    expect(line.level).toBe(50);
    expect(JSON.stringify(bot.logs.entries)).not.toContain("a-key-ttapi-refuses");
  });

  it("exits 0 within a few seconds of SIGTERM, closing the gateway", async () => {
    const bot = start();
    await bot.ready;
    const sentAt = Date.now();
    bot.child.kill("SIGTERM");
    const exit = await bot.exited;
    expect(exit.code).toBe(0);
    expect(exit.at - sentAt).toBeLessThan(5_000);
    expect(bot.logs.entries.some((line) => line.msg === "shutting down")).toBe(true);
  });
});
