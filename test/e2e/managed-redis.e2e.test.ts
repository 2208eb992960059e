import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeDiscord } from "../../src/fakes/discord/fake-discord.js";
import { FakeTtapi } from "../../src/fakes/ttapi/fake-ttapi.js";
import { type BotProcess, fakesEnv, startBotProcess } from "../support/bot-process.js";
import { videoLinkIn } from "../support/e2e-helpers.js";
import {
  type RedisServer,
  redisUnavailable,
  selfSignedCertificate,
  startRedis,
} from "../support/redis-server.js";

const PASSWORD = "managed-redis-password-7c1f";
const unavailable = redisUnavailable();

let redis: RedisServer | undefined;
let port = 0;
let ca = "";
let ttapi: FakeTtapi;
let discord: FakeDiscord;
let bot: BotProcess | undefined;

/**
 * A redis-server as hosted Redis services run them: TLS only, a password, a certificate
 * for the host name clients use (self-signed here; the bot trusts it through Node's
 * NODE_EXTRA_CA_CERTS, as it would a private CA).
 */
beforeAll(async () => {
  if (unavailable) return;
  const tls = selfSignedCertificate();
  ca = tls.certFile;
  redis = await startRedis({ password: PASSWORD, tls });
  port = redis.port;
  ttapi = new FakeTtapi({ apiKey: "managed-key" });
  discord = new FakeDiscord();
  await Promise.all([ttapi.start(), discord.start()]);
});

afterAll(async () => {
  bot?.killAll();
  await redis?.stop();
  if (!unavailable) await Promise.all([ttapi.stop(), discord.stop()]);
});

describe("a managed Redis: rediss:// with a password in the URL", () => {
  it("keeps the bot's state there, and the password never reaches the log", async (context) => {
    if (unavailable) context.skip(unavailable);
    bot = startBotProcess({
      ...fakesEnv({ discord, ttapi }, "managed-key"),
      STORE_URL: `rediss://default:${PASSWORD}@localhost:${port}/0`,
      NODE_EXTRA_CA_CERTS: ca,
      TTAPI_POLL_INTERVAL_MS: "30",
    });
    await bot.ready;
    ttapi.scriptSubmits({ accept: true, steps: [{ status: "SUCCESS" }] });
    const { interactionId } = discord.runCommand("grok-video", { prompt: "managed: a tern" });
    await discord.calls.waitFor(
      () => videoLinkIn(discord.originalResponse(interactionId)?.content) !== undefined,
      10_000,
      "the video",
    );
    const keys = execFileSync("redis-cli", [
      "--tls",
      "--cacert",
      ca,
      "-h",
      "localhost",
      "-p",
      String(port),
      "--no-auth-warning",
      "-a",
      PASSWORD,
      "--scan",
      "--pattern",
      "grok-video:job:*",
    ]).toString();
    expect(keys).toContain(`grok-video:job:${interactionId}`);
    expect(JSON.stringify(bot.logs.entries)).not.toContain(PASSWORD);
  });
});
