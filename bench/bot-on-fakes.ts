import { FakeDiscord } from "../src/fakes/discord/fake-discord.js";
import { FakeTtapi } from "../src/fakes/ttapi/fake-ttapi.js";
import { startBotProcess } from "../test/support/bot-process.js";

/** The bot as its own process against a fake Discord and a fake TTAPI on loopback. */
export async function startBotOnFakes(options: {
  env: Record<string, string>;
  attachmentSizeLimit?: number;
}) {
  const ttapi = new FakeTtapi({ apiKey: "bench-key" });
  const discord = new FakeDiscord(
    options.attachmentSizeLimit === undefined
      ? {}
      : { attachmentSizeLimit: options.attachmentSizeLimit },
  );
  await Promise.all([ttapi.start(), discord.start()]);
  const bot = startBotProcess({
    DISCORD_TOKEN: discord.token,
    TTAPI_API_KEY: "bench-key",
    TTAPI_BASE_URL: ttapi.baseUrl,
    DISCORD_API_BASE_URL: discord.apiBaseUrl,
    STORE_URL: "memory://",
    ...options.env,
  });
  return {
    ttapi,
    discord,
    bot,
    async stop() {
      bot.killAll();
      await bot.exited;
      await Promise.all([ttapi.stop(), discord.stop()]);
    },
  };
}
