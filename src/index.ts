import { loadConfigOrExit } from "./load-config.js";
import { createLogger } from "./logger.js";
import { runBot } from "./run-bot.js";
import { runShardManager } from "./shard-manager.js";

const config = loadConfigOrExit();
const logger = createLogger(config.LOG_LEVEL, undefined, [
  config.DISCORD_TOKEN,
  config.TTAPI_API_KEY,
]);

// discord.js's ShardingManager sets SHARDS in each child it starts: those are bots.
if (config.SHARD_COUNT && process.env.SHARDS === undefined) {
  await runShardManager(config, config.SHARD_COUNT, logger);
} else {
  await runBot(config, logger);
}
