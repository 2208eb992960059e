import { afterEach, beforeEach } from "vitest";
import { FakeDiscord } from "../../src/fakes/discord/fake-discord.js";
import { FakeTtapi } from "../../src/fakes/ttapi/fake-ttapi.js";
import { type BotProcess, fakesEnv, startBotProcess } from "./bot-process.js";
import { freshSqliteUrl } from "./store-backends.js";

export interface ProcessFixture {
  ttapi: FakeTtapi;
  discord: FakeDiscord;
  /** The bot's environment for the current test: the fakes', a store, quick polling. */
  env: Record<string, string>;
  /** Starts the bot as its own process with `env` and `extra`; killed after the test. */
  start(extra?: Record<string, string>): BotProcess;
}

/** Fresh fakes for each test of a file whose tests run the bot as a process. */
export function processFixture(apiKey: string): ProcessFixture {
  const bots: BotProcess[] = [];
  const fixture = {
    start(extra: Record<string, string> = {}) {
      const bot = startBotProcess({ ...fixture.env, ...extra });
      bots.push(bot);
      return bot;
    },
  } as ProcessFixture;
  beforeEach(async () => {
    fixture.ttapi = new FakeTtapi({ apiKey });
    fixture.discord = new FakeDiscord();
    await Promise.all([fixture.ttapi.start(), fixture.discord.start()]);
    fixture.env = {
      ...fakesEnv(fixture, apiKey),
      STORE_URL: freshSqliteUrl(),
      TTAPI_POLL_INTERVAL_MS: "30",
      TTAPI_POLL_MAX_INTERVAL_MS: "100",
      TTAPI_RETRY_BASE_DELAY_MS: "5",
    };
  });
  afterEach(async () => {
    for (const bot of bots.splice(0)) bot.killAll();
    await Promise.all([fixture.ttapi.stop(), fixture.discord.stop()]);
  });
  return fixture;
}
