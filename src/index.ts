import { readCommandLine } from "./cli.js";

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
// Loaded after the command line is read: --help and --version answer at once.
const { loadConfigOrExit } = await import("./load-config.js");
const { createLogger } = await import("./logger.js");
const config = loadConfigOrExit();
const logger = createLogger(config.LOG_LEVEL, undefined, [
  config.DISCORD_TOKEN,
  config.TTAPI_API_KEY,
]);

// discord.js's ShardingManager sets SHARDS in each child it starts: those are bots.
if (config.SHARD_COUNT && process.env.SHARDS === undefined) {
  const { runShardManager } = await import("./shard-manager.js");
  await runShardManager(config, config.SHARD_COUNT, logger);
} else {
  const { runBot } = await import("./run-bot.js");
  await runBot(config, logger);
}
