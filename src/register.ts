import { REST, Routes } from "discord.js";
import { z } from "zod";
import { commandDefinitions } from "./commands/index.js";
import { registerCommands } from "./discord/command-registration.js";
import { loadConfigOrExit } from "./load-config.js";
import { createLogger } from "./logger.js";
import { openStore } from "./services/store.js";
import { modelLimits } from "./services/ttapi/model-limits.js";

/** `npm run register`: registers the slash commands without starting the gateway. */
const config = loadConfigOrExit();
const logger = createLogger(config.LOG_LEVEL, undefined, [
  config.DISCORD_TOKEN,
  config.TTAPI_API_KEY,
]);
const rest = new REST({ api: config.DISCORD_API_BASE_URL }).setToken(config.DISCORD_TOKEN);
const store = await openStore(config.STORE_URL);
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
  logger.fatal({ err: error }, "could not register the commands");
  process.exitCode = 1;
} finally {
  await store.disconnect();
}
