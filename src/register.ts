import { readCommandLine } from "./cli.js";
import { EXIT } from "./exit-codes.js";

readCommandLine({
  name: "register",
  usage: "npm run register  (node dist/src/register.js)",
  help: `
Registers the bot's slash commands with Discord without starting the bot: in DEV_GUILD_ID's
server when it is set, otherwise globally (and removes an old copy left in that server).
Reads the same environment and .env as npm start.`,
  options: {},
});
// Loaded after the command line is read: --help and --version answer at once.
const { REST, Routes } = await import("discord.js");
const { z } = await import("zod");
const { commandDefinitions } = await import("./commands/index.js");
const { registerCommands } = await import("./discord/command-registration.js");
const { isTokenRefused, TOKEN_REFUSED } = await import("./discord/discord-client.js");
const { storeOptionsOf } = await import("./config.js");
const { loadConfigOrExit } = await import("./load-config.js");
const { createLogger } = await import("./logger.js");
const { openStoreOrExit } = await import("./open-store-or-exit.js");
const { modelLimits } = await import("./services/ttapi/model-limits.js");
const config = loadConfigOrExit();
const logger = createLogger(config.LOG_LEVEL, undefined, [
  config.DISCORD_TOKEN,
  config.TTAPI_API_KEY,
]);
const rest = new REST({ api: config.DISCORD_API_BASE_URL }).setToken(config.DISCORD_TOKEN);
const store = await openStoreOrExit(config.STORE_URL, {
  setting: "STORE_URL",
  timeoutMs: config.STORE_CONNECT_TIMEOUT_MS,
  store: storeOptionsOf(config),
  report: (line) => logger.fatal(line),
});
try {
  const application = z
    .object({ id: z.string() })
    .parse(await rest.get(Routes.currentApplication()));
  const result = await registerCommands({
    rest,
    store: store.kv,
    applicationId: application.id,
    definitions: commandDefinitions({
      allowDms: config.ALLOW_DM_USE,
      limits: modelLimits(config.TTAPI_MODEL),
    }),
    guildId: config.DEV_GUILD_ID,
    force: true,
  });
  logger.info({ scope: config.DEV_GUILD_ID ? "guild" : "global", result }, "commands registered");
} catch (error) {
  if (isTokenRefused(error)) {
    logger.fatal(TOKEN_REFUSED);
    process.exitCode = EXIT.config;
  } else {
    logger.fatal({ err: error }, "could not register the commands");
    process.exitCode = EXIT.crash;
  }
} finally {
  await store.disconnect();
}
