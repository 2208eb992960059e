import { existsSync } from "node:fs";
import { type Config, ConfigError, loadConfig } from "./config.js";

/**
 * Reads `.env` (when present) into the environment, then validates it. On a bad
 * configuration prints one readable line and exits 1: no stack trace for operators.
 */
export function loadConfigOrExit(envFile = ".env"): Config {
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
