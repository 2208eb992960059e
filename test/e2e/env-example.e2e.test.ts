import { execFileSync } from "node:child_process";
import { existsSync, statSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeDiscord } from "../../src/fakes/discord/fake-discord.js";
import { FakeTtapi } from "../../src/fakes/ttapi/fake-ttapi.js";
import { type BotProcess, startProcess } from "../support/bot-process.js";
import { fillInDotEnv, freshCheckout, root } from "../support/checkout.js";
import { videoLinkIn } from "../support/e2e-helpers.js";

let ttapi: FakeTtapi;
let discord: FakeDiscord;
let bot: BotProcess | undefined;

beforeAll(async () => {
  ttapi = new FakeTtapi({ apiKey: "newcomer-ttapi-key" });
  discord = new FakeDiscord();
  await Promise.all([ttapi.start(), discord.start()]);
});

afterAll(async () => {
  bot?.killAll();
  await Promise.all([ttapi.stop(), discord.stop()]);
});

describe("a newcomer's first start: cp .env.example .env, two values, npm start", () => {
  it("starts the bot and delivers a video", { timeout: 150_000 }, async () => {
    const checkout = freshCheckout("grok-checkout-");
    symlinkSync(join(root, "node_modules"), join(checkout, "node_modules"), "dir");
    fillInDotEnv(checkout, {
      DISCORD_TOKEN: discord.token,
      TTAPI_API_KEY: "newcomer-ttapi-key",
      // The fakes stand in for discord.com and api.ttapi.io.
      TTAPI_BASE_URL: ttapi.baseUrl,
      DISCORD_API_BASE_URL: discord.apiBaseUrl,
      VIDEO_TRUSTED_HOSTS: "127.0.0.1",
    });

    // Nothing from this test's own environment: only what a login shell has.
    bot = startProcess(["npm", "start"], {
      cwd: checkout,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? checkout },
      readyTimeoutMs: 120_000,
    });
    await bot.ready;
    const ready = bot.logs.entries.find((line) => line.msg === "bot ready") as Record<
      string,
      unknown
    >;
    // In a server already: nothing to invite.
    expect(ready).not.toHaveProperty("invite");
    await bot.logs.waitFor(
      (line) => line.msg === "TTAPI accepted TTAPI_API_KEY",
      10_000,
      "key check",
    );

    // Made by the first poll, which comes after .env.example's TTAPI_POLL_INTERVAL_MS (8 s).
    ttapi.scriptSubmits({ accept: true, steps: [{ status: "SUCCESS" }] });
    const { interactionId } = discord.runCommand("grok-video", { prompt: "a lighthouse at dawn" });
    await discord.calls.waitFor(
      () => discord.originalResponse(interactionId)?.files.length === 1,
      25_000,
      "the attached video",
    );
    const reply = discord.originalResponse(interactionId)!;
    const jobId = ttapi.submits.entries[0]!.jobId!;
    expect(videoLinkIn(reply.content)).toBe(ttapi.videoUrl(jobId));
    expect(reply.files.map((file) => file.data)).toEqual([ttapi.videoBytes]);
    // The default store: an SQLite file beside the checkout, no server to run.
    expect(existsSync(join(checkout, "data/grok-video.sqlite"))).toBe(true);
    const errors = bot.logs.entries.filter((line) => (line.level ?? 0) >= 50);
    expect(errors).toEqual([]);

    // A restart does not wait for the compiler: nothing changed, nothing is rebuilt.
    const built = join(checkout, "dist/src/index.js");
    const before = statSync(built).mtimeMs;
    execFileSync("npm", ["run", "build"], { cwd: checkout, env: { PATH: process.env.PATH ?? "" } });
    expect(statSync(built).mtimeMs).toBe(before);
  });
});
