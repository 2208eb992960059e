import { readCommandLine } from "./cli.js";
import { loadConfigOrExit } from "./load-config.js";
import { createLogger } from "./logger.js";
import { runBot } from "./run-bot.js";
import { runShardManager } from "./shard-manager.js";

readCommandLine({
  name: "grok-video",
  usage: "npm start  (node dist/src/index.js)",
  help: `
Starts the grok-video Discord bot. Its settings come from the environment and from .env in
the working directory (every variable is described in .env.example); a wrong one stops it
with one line naming the variable, exit code 78. With SHARD_COUNT set it runs discord.js's
ShardingManager, one process per shard.`,
  options: {},
});
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
