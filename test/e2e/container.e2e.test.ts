import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeDiscord } from "../../src/fakes/discord/fake-discord.js";
import { FakeTtapi } from "../../src/fakes/ttapi/fake-ttapi.js";
import { fillInDotEnv, freshCheckout, root } from "../support/checkout.js";
import { dockerEngine, sh } from "../support/docker-engine.js";
import { freePort, videoLinkIn } from "../support/e2e-helpers.js";

const MINUTES = 60_000;

let engine: Awaited<ReturnType<typeof dockerEngine>>;
let ttapi: FakeTtapi;
let discord: FakeDiscord;
let checkout = "";
let compose: ((...args: string[]) => Promise<string>) | undefined;

beforeAll(async () => {
  engine = await dockerEngine();
  if (typeof engine === "string") return;
  // No registry here: the official base images are built locally under their names.
  await sh("nice", ["-n", "15", "bash", join(root, "test/container/stand-in-images.sh")], {
    timeoutMs: 10 * MINUTES,
  });
  ttapi = new FakeTtapi({ apiKey: "container-ttapi-key" });
  discord = new FakeDiscord();
  await Promise.all([ttapi.start(), discord.start()]);
  checkout = freshCheckout("grok-container-");
  const { compose: command } = engine;
  const project = `grokvideotest${process.pid}`;
  compose = (...args) =>
    sh(
      command[0]!,
      [
        ...command.slice(1),
        "-p",
        project,
        "-f",
        "compose.yaml",
        "-f",
        "compose.test.yaml",
        ...args,
      ],
      {
        cwd: checkout,
        timeoutMs: 10 * MINUTES,
      },
    );
}, 20 * MINUTES);

afterAll(async () => {
  if (typeof engine === "string" || engine === undefined) return;
  await compose?.("down", "--volumes", "--timeout", "1").catch(() => undefined);
  await Promise.all([ttapi?.stop(), discord?.stop()]);
  engine.stop();
});

/**
 * The one file the test adds to the user's two: the containers share the host's network,
 * where the fakes listen on 127.0.0.1 (Redis on a free port of its own), and the health
 * check runs every second instead of every 30.
 */
function testOverride(ports: { redis: number; metrics: number }): string {
  return `services:
  bot:
    build:
      context: .
      network: host
    network_mode: host
    environment:
      STORE_URL: redis://127.0.0.1:${ports.redis}
      METRICS_PORT: "${ports.metrics}"
    healthcheck:
      interval: 1s
      start_period: 0s
  redis:
    network_mode: host
    command: ["redis-server", "--port", "${ports.redis}", "--bind", "127.0.0.1", "--appendonly", "yes"]
    healthcheck:
      test: ["CMD", "redis-cli", "-p", "${ports.redis}", "ping"]
      interval: 1s
`;
}

async function healthOf(container: string): Promise<string> {
  return (
    await sh("docker", ["inspect", "--format", "{{.State.Health.Status}}", container])
  ).trim();
}

describe("the container image and compose.yaml, as a self-hoster runs them", () => {
  it("builds, starts with Redis, delivers a video, is healthy, and stops within 5 s", {
    timeout: 20 * MINUTES,
  }, async (context) => {
    if (typeof engine === "string") context.skip(engine);
    const run = compose!;
    const ports = { redis: await freePort(), metrics: await freePort() };
    fillInDotEnv(checkout, {
      DISCORD_TOKEN: discord.token,
      TTAPI_API_KEY: "container-ttapi-key",
      TTAPI_BASE_URL: ttapi.baseUrl,
      DISCORD_API_BASE_URL: discord.apiBaseUrl,
      VIDEO_TRUSTED_HOSTS: "127.0.0.1",
      TTAPI_POLL_INTERVAL_MS: "200",
    });
    writeFileSync(join(checkout, "compose.test.yaml"), testOverride(ports));
    await run("build");
    await run("up", "-d");
    const bot = (await run("ps", "-q", "bot")).trim();
    expect(bot).not.toBe("");

    // Healthy by Docker's own check (the image's HEALTHCHECK: /healthz inside the container).
    const deadline = Date.now() + 2 * MINUTES;
    while ((await healthOf(bot)) !== "healthy") {
      if (Date.now() > deadline)
        throw new Error(`not healthy: ${await run("logs", "--no-color", "bot")}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const health = await fetch(`http://127.0.0.1:${ports.metrics}/healthz`);
    const version = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version as string;
    expect(await health.json()).toEqual({ status: "ok", version });

    ttapi.scriptSubmits({ accept: true, steps: [{ status: "SUCCESS" }] });
    const { interactionId } = discord.runCommand("grok-video", {
      prompt: "a container ship at dawn",
    });
    await discord.calls.waitFor(
      () => discord.originalResponse(interactionId)?.files.length === 1,
      60_000,
      "the attached video",
    );
    const jobId = ttapi.submits.entries[0]!.jobId!;
    expect(videoLinkIn(discord.originalResponse(interactionId)!.content)).toBe(
      ttapi.videoUrl(jobId),
    );
    // The job lives in the compose stack's Redis.
    const keys = await sh("redis-cli", [
      "-p",
      String(ports.redis),
      "--scan",
      "--pattern",
      "grok-video:job:*",
    ]);
    expect(keys).toContain(interactionId);

    // tini passes SIGTERM to node, which finishes its writes and exits at once: within 5 s
    // of the signal by the bot's own clock (Compose v1's start-up, slow on a loaded
    // machine, is not the bot's), and well before Compose would kill it (exit code 0).
    await run("stop", "--timeout", "10");
    const state = JSON.parse(await sh("docker", ["inspect", "--format", "{{json .State}}", bot]));
    expect(state.ExitCode).toBe(0);
    const logs = await run("logs", "--no-color", "bot");
    const signalled = logs
      .split("\n")
      .map((line) => /\{.*"msg":"shutting down".*\}/.exec(line)?.[0])
      .find((json) => json !== undefined);
    expect(signalled, "the bot's shutting down line").toBeDefined();
    const { time } = JSON.parse(signalled!) as { time: number };
    expect(Date.parse(state.FinishedAt) - time).toBeLessThan(5_000);
  });
});
