import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { ConfigError, configSchema, loadConfig } from "../../src/config.js";
import { entryCommand } from "../support/bot-process.js";

const base = { DISCORD_TOKEN: "discord-token", TTAPI_API_KEY: "ttapi-key" };

describe("loadConfig", () => {
  it("fills the documented defaults", () => {
    const config = loadConfig(base);
    expect(config).toMatchObject({
      TTAPI_BASE_URL: "https://api.ttapi.io",
      DISCORD_API_BASE_URL: "https://discord.com/api",
      STORE_URL: "sqlite://data/grok-video.sqlite",
      LOG_LEVEL: "info",
      TTAPI_POLL_INTERVAL_MS: 8_000,
    });
    expect(config.DEV_GUILD_ID).toBeUndefined();
  });

  it("runs part of a bot's shards on a shared Redis store, with callbacks", () => {
    const config = loadConfig({
      ...base,
      SHARD_COUNT: "4",
      SHARD_LIST: "0, 1",
      STORE_URL: "redis://10.0.0.5:6379",
      HOOK_PUBLIC_URL: "https://bot.example.com",
    });
    expect(config.SHARD_LIST).toEqual([0, 1]);
  });

  it("treats an empty variable as unset, defaults included", () => {
    const config = loadConfig({
      ...base,
      DEV_GUILD_ID: "",
      TTAPI_MODEL: " ",
      TTAPI_BASE_URL: "",
      SHARD_COUNT: "",
      ATTACH_VIDEOS: "",
    });
    expect(config.DEV_GUILD_ID).toBeUndefined();
    expect(config.SHARD_COUNT).toBeUndefined();
    expect(config.TTAPI_BASE_URL).toBe("https://api.ttapi.io");
    expect(config.ATTACH_VIDEOS).toBe(true);
  });

  it.each([
    [{ TTAPI_API_KEY: "k" }, "DISCORD_TOKEN is missing"],
    [{ ...base, DISCORD_TOKEN: "  " }, "DISCORD_TOKEN is missing"],
    [{ ...base, TTAPI_BASE_URL: "not a url" }, "TTAPI_BASE_URL"],
    [
      { ...base, STORE_URL: "postgres://x" },
      "STORE_URL must start with sqlite://, redis://, rediss:// (TLS) or memory://",
    ],
    [{ ...base, TTAPI_POLL_INTERVAL_MS: "soon" }, "TTAPI_POLL_INTERVAL_MS"],
    [{ ...base, DEV_GUILD_ID: "abc" }, "DEV_GUILD_ID must be a guild id"],
    [{ ...base, LOG_LEVEL: "loud" }, "LOG_LEVEL"],
    [{ ...base, SHARD_LIST: "0,1" }, "SHARD_LIST needs SHARD_COUNT"],
    [{ ...base, SHARD_COUNT: "2", SHARD_LIST: "0,2" }, "SHARD_LIST names shard 2"],
    [{ ...base, SHARD_COUNT: "4", SHARD_LIST: "0,1" }, "SHARD_LIST runs only some of the shards"],
    [{ ...base, SHARD_COUNT: "4", SHARD_LIST: "zero" }, "SHARD_LIST must be shard ids"],
  ])("names the bad variable: %j", (env, expected) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(expected);
  });
});

describe("npm start without a token", () => {
  it("exits 78 (a configuration error) with one readable line naming the variable", async () => {
    const _root = resolve(import.meta.dirname, "../..");
    const emptyDir = mkdtempSync(join(tmpdir(), "grok-config-"));
    const [command, ...args] = entryCommand("src/index.ts");
    const result = await promisify(execFile)(command!, args, {
      cwd: emptyDir,
      env: { PATH: process.env.PATH, TTAPI_API_KEY: "k" },
    }).then(
      () => ({ code: 0, stderr: "" }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).toBe(78);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toEqual([
      "Invalid configuration: DISCORD_TOKEN is missing (set it in .env, see .env.example)",
    ]);
  });
});

describe("documentation of the configuration", () => {
  const root = resolve(import.meta.dirname, "../..");
  it.each([".env.example", "README.md"])("%s names every variable the bot reads", (file) => {
    const text = readFileSync(join(root, file), "utf8");
    const missing = Object.keys(configSchema.shape).filter((name) => !text.includes(name));
    expect(missing).toEqual([]);
  });
});

/** A wrong value for every variable that can have one; the rest take any text. */
const WRONG: Record<string, string> = {
  DISCORD_TOKEN: " ",
  TTAPI_API_KEY: " ",
  TTAPI_BASE_URL: "api.ttapi.io",
  DISCORD_API_BASE_URL: "ftp://discord.com",
  STORE_URL: "postgres://x",
  LOG_LEVEL: "loud",
  DEV_GUILD_ID: "my-server",
  ALLOWED_GUILD_IDS: "123, my-server",
  OPERATOR_USER_IDS: "@owner",
  BOT_BUDGET_PERIOD: "week",
  TTAPI_RESOLUTION: "4k",
  ATTACH_VIDEOS: "sometimes",
  VIDEO_TRUSTED_HOSTS: "a host; another",
  METRICS_PORT: "99999",
  DEFAULT_QUOTA_PERIOD: "year",
  DEFAULT_GUILD_VIDEO_LIMIT: "lots",
  DEFAULT_MEMBER_VIDEO_LIMIT: "0",
  DM_USER_VIDEO_LIMIT: "-1",
  ALLOW_DM_USE: "maybe",
  HOOK_PUBLIC_URL: "bot.example.com",
  HOOK_PORT: "70000",
  SHARD_SPAWN_DELAY_MS: "soon",
  SHARD_COUNT: "many",
  SHARD_LIST: "0-3",
  SECRETS_KEY: "short-secret",
  SECRETS_KEY_PREVIOUS: "00ff",
};
const ANY_TEXT = new Set(["TTAPI_MODEL", "METRICS_HOST"]);
const NUMBERS = Object.keys(configSchema.shape).filter(
  (name) => !(name in WRONG) && !ANY_TEXT.has(name),
);

describe("configuration errors in plain words", () => {
  it.each([
    ...Object.entries(WRONG),
    ...NUMBERS.map((name) => [name, "soon"] as const),
    ...NUMBERS.map((name) => [name, "99999999"] as const),
  ])("%s=%j says what it expects", (name, value) => {
    let message = "";
    try {
      loadConfig({ ...base, [name]: value });
    } catch (error) {
      message = (error as Error).message;
    }
    const problem = message.split(": ")[1]?.split(" (set it in .env")[0] ?? "";
    expect(problem).toMatch(new RegExp(`^${name} (must|is missing)`));
    expect(problem).not.toMatch(/Invalid input|expected|received|NaN/);
  });
});
