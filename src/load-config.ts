import { existsSync } from "node:fs";
import { type Config, ConfigError, loadConfig, withoutEmptyValues } from "./config.js";
import { EXIT } from "./exit-codes.js";

/**
 * Reads `.env` (when present) into the environment, then validates it. On a bad
 * configuration prints one readable line and exits 78 (EXIT.config): no stack trace for
 * operators, and no restart loop under a service manager told not to restart on 78.
 */
export function loadConfigOrExit(envFile = ".env"): Config {
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  // discord.js reads some variables itself (SHARD_COUNT, SHARDS): an empty one must be
  // as absent for it as for the bot, or `SHARD_COUNT=` from .env.example crashes it.
  const set = withoutEmptyValues(process.env);
  for (const name of Object.keys(process.env)) if (!(name in set)) delete process.env[name];
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(EXIT.config);
  }
}
