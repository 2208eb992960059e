import { type Bot, createBot } from "../app.js";
import { loadConfig, storeOptionsOf } from "../config.js";
import { createLogger, type Logger } from "../logger.js";
import { openStore, type Store } from "../services/store.js";
import { FakeDiscord, type FakeDiscordOptions } from "./discord/fake-discord.js";
import { FakeTtapi, type FakeTtapiOptions } from "./ttapi/fake-ttapi.js";

export interface FakeWorldOptions {
  ttapi?: Partial<FakeTtapiOptions>;
  discord?: FakeDiscordOptions;
  /**
   * Extra environment for the bot (poll intervals, limits…); a function gets the fakes
   * first, so it can name their ids or set them up before the bot starts.
   */
  env?:
    | Record<string, string>
    | ((fakes: { discord: FakeDiscord; ttapi: FakeTtapi }) => Record<string, string>);
  /** Defaults to a fresh in-memory store. */
  storeUrl?: string;
  logger?: Logger;
}

export interface FakeWorld {
  ttapi: FakeTtapi;
  discord: FakeDiscord;
  bot: Bot;
  store: Store;
  env: Record<string, string>;
  /**
   * Starts another bot on the same fakes and store (as after a restart); `whileStopped`
   * runs in between (a test damaging the store, say); `env` changes its settings.
   */
  restartBot(whileStopped?: () => Promise<void>, env?: Record<string, string>): Promise<Bot>;
  stop(): Promise<void>;
}

const TTAPI_KEY = "fake-ttapi-key";

/**
 * A fake TTAPI, a fake Discord and the real bot wired to them exactly as `src/index.ts`
 * wires it to the real services. Used by the end-to-end tests and `npm run demo`.
 */
export async function startFakeWorld(options: FakeWorldOptions = {}): Promise<FakeWorld> {
  const ttapi = new FakeTtapi({ apiKey: TTAPI_KEY, ...options.ttapi });
  const discord = new FakeDiscord(options.discord);
  await Promise.all([ttapi.start(), discord.start()]);
  const env: Record<string, string> = {
    DISCORD_TOKEN: discord.token,
    TTAPI_API_KEY: TTAPI_KEY,
    TTAPI_BASE_URL: ttapi.baseUrl,
    DISCORD_API_BASE_URL: discord.apiBaseUrl,
    STORE_URL: options.storeUrl ?? "memory://",
    LOG_LEVEL: "silent",
    TTAPI_POLL_INTERVAL_MS: "20",
    TTAPI_POLL_MAX_INTERVAL_MS: "100",
    TTAPI_REQUEST_TIMEOUT_MS: "2000",
    TTAPI_RETRY_BASE_DELAY_MS: "5",
    // The fake TTAPI's file server is on this machine, over plain http.
    VIDEO_TRUSTED_HOSTS: "127.0.0.1",
    ...(typeof options.env === "function" ? options.env({ discord, ttapi }) : options.env),
  };
  const config = loadConfig(env);
  const logger =
    options.logger ??
    createLogger(config.LOG_LEVEL, process.stderr, [config.DISCORD_TOKEN, config.TTAPI_API_KEY]);
  const store = await openStore(config.STORE_URL, storeOptionsOf(config));
  let bot = createBot(config, { logger, store });

  const world: FakeWorld = {
    ttapi,
    discord,
    bot,
    store,
    env,
    async restartBot(whileStopped, changed) {
      await bot.stop();
      await whileStopped?.();
      // The stopped bot closed its store: the new one gets (and the world exposes) a fresh one.
      world.store = await openStore(config.STORE_URL, storeOptionsOf(config));
      const next = changed ? loadConfig({ ...env, ...changed }) : config;
      bot = createBot(next, { logger, store: world.store });
      world.bot = bot;
      await bot.start();
      return bot;
    },
    async stop() {
      await bot.stop().catch(() => undefined);
      await Promise.all([ttapi.stop(), discord.stop()]);
    },
  };
  try {
    await bot.start();
  } catch (error) {
    await world.stop();
    throw error;
  }
  return world;
}
