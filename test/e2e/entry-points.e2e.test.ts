import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT } from "../../src/exit-codes.js";
import { FakeDiscord } from "../../src/fakes/discord/fake-discord.js";
import { FakeTtapi } from "../../src/fakes/ttapi/fake-ttapi.js";
import { fakesEnv, runEntryPoint } from "../support/bot-process.js";

const root = resolve(import.meta.dirname, "../..");
const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  version: string;
};

let ttapi: FakeTtapi;
let discord: FakeDiscord;

beforeAll(async () => {
  ttapi = new FakeTtapi({ apiKey: "start-key" });
  discord = new FakeDiscord();
  await Promise.all([ttapi.start(), discord.start()]);
});

afterAll(async () => {
  await Promise.all([ttapi.stop(), discord.stop()]);
});

describe("every entry point answers --help and --version and does nothing else", () => {
  const entries = [
    "src/index.ts",
    "src/register.ts",
    "src/store-copy.ts",
    "src/quota-reset.ts",
    "src/healthcheck.ts",
    "src/demo/run-demo.ts",
    "src/fakes/ttapi/main.ts",
  ];
  // With everything a start would need: were --help ignored, the fake Discord would hear it.
  const env = () => ({ ...fakesEnv({ discord, ttapi }, "start-key"), STORE_URL: "memory://" });

  it.each(entries)("%s --help, --version, an unknown option", async (entry) => {
    const calls = discord.calls.entries.length;
    const [help, shown, unknown] = await Promise.all(
      [["--help"], ["--version"], ["--frobnicate"]].map((args) =>
        runEntryPoint(entry, args, env()),
      ),
    );
    expect(help!.code).toBe(EXIT.ok);
    expect(help!.stdout).toMatch(/^Usage: /);
    expect(help!.stdout).toContain("--version");
    expect([shown!.code, shown!.stdout]).toEqual([EXIT.ok, `grok-video ${version}\n`]);
    expect(unknown!.code).toBe(EXIT.usage);
    expect(unknown!.stderr).toMatch(/Unknown option '--frobnicate' \(see --help\)\n$/);
    expect(discord.calls.entries.length).toBe(calls);
    expect(discord.gatewayShards).toEqual([]);
  });
});
