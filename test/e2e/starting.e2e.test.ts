import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT } from "../../src/exit-codes.js";
import { FakeDiscord } from "../../src/fakes/discord/fake-discord.js";
import { FakeTtapi } from "../../src/fakes/ttapi/fake-ttapi.js";
import {
  type BotProcess,
  fakesEnv,
  runEntryPoint,
  startBotProcess,
} from "../support/bot-process.js";
import { freePort } from "../support/e2e-helpers.js";
import {
  type RedisServer,
  redisUnavailable,
  selfSignedCertificate,
  startRedis,
} from "../support/redis-server.js";

const root = resolve(import.meta.dirname, "../..");
const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  version: string;
};
const unavailable = redisUnavailable();
const PASSWORD = "start-failure-password-5e2a";

let ttapi: FakeTtapi;
let discord: FakeDiscord;
let secured: RedisServer | undefined;
const tls = selfSignedCertificate();
const bots: BotProcess[] = [];

beforeAll(async () => {
  ttapi = new FakeTtapi({ apiKey: "start-key" });
  discord = new FakeDiscord();
  await Promise.all([ttapi.start(), discord.start()]);
  if (!unavailable) secured = await startRedis({ password: PASSWORD, tls });
});

afterAll(async () => {
  for (const bot of bots) bot.killAll();
  await secured?.stop();
  await Promise.all([ttapi.stop(), discord.stop()]);
});

/** Starts the bot with `env` over the fakes' and waits for it to stop by itself. */
async function startAndWaitForExit(env: Record<string, string>) {
  const bot = startBotProcess({
    ...fakesEnv({ discord, ttapi }, "start-key"),
    STORE_CONNECT_TIMEOUT_MS: "1500",
    ...env,
  });
  bots.push(bot);
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error("the bot did not stop by itself in 15 s")), 15_000),
  );
  const { code } = await Promise.race([bot.exited, timeout]);
  const lines = bot.logs.entries.map((line) => line.msg ?? "");
  return { code, lines, bot };
}

describe("a wrong environment stops the bot with one line and an exit code of its own", () => {
  it("Redis refusing connections: 69 (a restart may help), naming STORE_URL", async () => {
    const port = await freePort();
    const { code, lines } = await startAndWaitForExit({ STORE_URL: `redis://127.0.0.1:${port}` });
    expect(code).toBe(EXIT.unavailable);
    expect(lines).toEqual([
      expect.stringMatching(
        new RegExp(
          `^store unreachable at start \\(STORE_URL=redis://127\\.0\\.0\\.1:${port}\\): the connection was refused`,
        ),
      ),
    ]);
    expect(discord.gatewayShards).toEqual([]);
  });

  it("a wrong Redis password: 78, and the password is not shown", async (context) => {
    if (unavailable) context.skip(unavailable);
    const url = secured!.url.replace(PASSWORD, "not-the-password");
    const { code, lines } = await startAndWaitForExit({
      STORE_URL: url,
      NODE_EXTRA_CA_CERTS: tls.certFile,
    });
    expect(code).toBe(EXIT.config);
    expect(lines).toEqual([
      expect.stringContaining("Redis refused the user name or password in the URL"),
    ]);
    expect(lines[0]).toContain("STORE_URL=rediss://***@localhost");
    expect(lines[0]).not.toContain("not-the-password");
  });

  it("a TLS Redis whose CA the bot was not given: 78, pointing at NODE_EXTRA_CA_CERTS", async (context) => {
    if (unavailable) context.skip(unavailable);
    const { code, lines } = await startAndWaitForExit({ STORE_URL: secured!.url });
    expect(code).toBe(EXIT.config);
    expect(lines).toEqual([expect.stringContaining("NODE_EXTRA_CA_CERTS=/path/to/ca.pem")]);
  });

  it("a DISCORD_TOKEN Discord refuses: 78, one line naming it, no stack trace", async () => {
    const { code, lines, bot } = await startAndWaitForExit({
      DISCORD_TOKEN: "not.the-bot-token",
      STORE_URL: "memory://",
    });
    expect(code).toBe(EXIT.config);
    const fatal = bot.logs.entries.filter((line) => (line.level ?? 0) >= 60);
    expect(fatal.map((line) => line.msg)).toEqual([
      expect.stringMatching(/^Discord refused DISCORD_TOKEN/),
    ]);
    expect(JSON.stringify(lines)).not.toMatch(/\n\s+at /);
  });

  it("a refused token under the ShardingManager: the whole bot stops with 78, no restart loop", async () => {
    const { code, lines } = await startAndWaitForExit({
      DISCORD_TOKEN: "not.the-bot-token",
      STORE_URL: "memory://",
      SHARD_COUNT: "2",
      SHARD_SPAWN_DELAY_MS: "0",
    });
    expect(code).toBe(EXIT.config);
    expect(lines.filter((line) => line.startsWith("Discord refused DISCORD_TOKEN"))).toHaveLength(
      1,
    );
    expect(JSON.stringify(lines)).not.toMatch(/ShardingReadyDied|\n\s+at /);
  });

  it("a bad variable: 78 and the variable's name, before anything is opened", async () => {
    const { code, lines } = await startAndWaitForExit({ STORE_URL: "postgres://db/bot" });
    expect(code).toBe(EXIT.config);
    expect(lines.join("").trim()).toBe(
      "Invalid configuration: STORE_URL must start with sqlite://, redis://, rediss:// (TLS) or memory:// (set it in .env, see .env.example)",
    );
  });
});

describe("a Redis that keeps nothing on disk", () => {
  it("starts, and warns once that a restart of Redis would lose every job", async (context) => {
    if (unavailable) context.skip(unavailable);
    const bot = startBotProcess({
      ...fakesEnv({ discord, ttapi }, "start-key"),
      STORE_URL: secured!.url,
      NODE_EXTRA_CA_CERTS: tls.certFile,
    });
    bots.push(bot);
    await bot.ready;
    const warnings = bot.logs.entries.filter((line) => line.level === 40).map((line) => line.msg);
    expect(warnings).toEqual([expect.stringContaining("Redis keeps nothing on disk")]);
    bot.killAll();
  });
});

describe("store:copy to a store that does not answer", () => {
  it("stops within its timeout with one line, instead of hanging", async () => {
    const port = await freePort();
    const result = await runEntryPoint("src/store-copy.ts", [
      ...["--from", "sqlite://data/copy-from.sqlite"],
      ...["--to", `redis://127.0.0.1:${port}`, "--timeout", "1000"],
    ]);
    expect(result.code).toBe(EXIT.unavailable);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/^store:copy: store unreachable at start \(--to=redis:.*refused/),
    ]);
    expect(result.ms).toBeLessThan(10_000);
  });
});

describe("the bot ready line", () => {
  it("names the version, and for a bot in no server yet the link that adds it", async () => {
    const lonely = new FakeDiscord();
    lonely.guilds.splice(0);
    await lonely.start();
    try {
      const bot = startBotProcess({
        ...fakesEnv({ discord: lonely, ttapi }, "start-key"),
        STORE_URL: "memory://",
      });
      bots.push(bot);
      await bot.ready;
      const ready = bot.logs.entries.find((line) => line.msg === "bot ready") as Record<
        string,
        unknown
      >;
      expect(ready.version).toBe(version);
      const invite = new URL(String(ready.invite));
      expect(invite.origin + invite.pathname).toBe("https://discord.com/oauth2/authorize");
      expect(Object.fromEntries(invite.searchParams)).toEqual({
        client_id: lonely.applicationId,
        scope: "bot applications.commands",
        // README's link asks for the same: View Channels … Manage Messages.
        permissions: "126016",
      });
    } finally {
      await lonely.stop();
    }
  });
});
