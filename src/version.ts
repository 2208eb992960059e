import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { z } from "zod";

/**
 * The bot's version: package.json's, read once. The nearest package.json above this file
 * is the project's whether it runs from `src/` (tsx) or `dist/src/` (built), in a checkout
 * or in the container image.
 */
function readVersion(): string {
  for (let dir = import.meta.dirname; ; dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (existsSync(file)) {
      return z.object({ version: z.string() }).parse(JSON.parse(readFileSync(file, "utf8")))
        .version;
    }
    if (dirname(dir) === dir) return "unknown";
  }
}

export const VERSION = readVersion();
