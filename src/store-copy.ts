import { parseArgs } from "node:util";
import { z } from "zod";
import { openStore } from "./services/store.js";
import { copyStore, isEmpty } from "./services/store-copy.js";

/**
 * `npm run store:copy -- --from <STORE_URL> --to <STORE_URL>`: moves a bot's state from
 * one store to another (SQLite to Redis when scaling out), keeping every key's expiry.
 */
const storeUrl = z
  .string()
  .regex(/^(sqlite|redis|rediss):\/\/./, "must be a sqlite://, redis:// or rediss:// URL");
const argsSchema = z.object({ from: storeUrl, to: storeUrl });

/** A Redis password never reaches the terminal. */
const shown = (url: string) => url.replace(/\/\/([^@/]*)@/, "//***@");

function fail(message: string): never {
  console.error(`store:copy: ${message}`);
  process.exit(1);
}

const { values } = parseArgs({
  options: { from: { type: "string" }, to: { type: "string" } },
});
const args = argsSchema.safeParse(values);
if (!args.success) {
  const problem = args.error.issues[0]!;
  fail(
    `--${problem.path.join(".")} ${values[problem.path[0] as "from" | "to"] === undefined ? "is missing" : problem.message} (usage: npm run store:copy -- --from sqlite://data/grok-video.sqlite --to redis://host:6379)`,
  );
}
if (args.data.from === args.data.to) fail("--from and --to are the same store");

const [from, to] = await Promise.all([openStore(args.data.from), openStore(args.data.to)]);
try {
  if (!(await isEmpty(to))) {
    fail(`${shown(args.data.to)} already holds keys; copy only into an empty store`);
  }
  const report = await copyStore(from, to);
  console.log(
    `Copied ${report.keys} keys, ${report.unfinishedJobs} of them unfinished jobs, from ${shown(args.data.from)} to ${shown(args.data.to)}.`,
  );
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
} finally {
  await Promise.all([from.disconnect(), to.disconnect()]);
}
