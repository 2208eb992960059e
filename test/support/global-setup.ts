import { execFileSync } from "node:child_process";
import { resolve } from "node:path";

/**
 * Builds `dist/` as `npm start` does (incremental: a second run with nothing changed costs
 * about a second), so the suite's bot processes run the built code, not a loader that
 * compiles each start again.
 */
export default function buildOnce(): void {
  execFileSync("npm", ["run", "build", "--silent"], {
    cwd: resolve(import.meta.dirname, "../.."),
    stdio: "inherit",
  });
}
