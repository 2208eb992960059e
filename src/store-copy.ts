import { z } from "zod";
import { readCommandLine } from "./cli.js";
import { EXIT } from "./exit-codes.js";
import { openStoreOrExit, shownStoreUrl } from "./open-store-or-exit.js";
import { copyStore, isEmpty } from "./services/store-copy.js";

/**
 * `npm run store:copy -- --from <STORE_URL> --to <STORE_URL>`: moves a bot's state from
 * one store to another (SQLite to Redis when scaling out), keeping every key's expiry.
 */
const USAGE = "npm run store:copy -- --from sqlite://data/grok-video.sqlite --to redis://host:6379";
const values = readCommandLine({
  name: "store:copy",
  usage: USAGE,
  help: `
Copies every live key of a stopped bot's store, with what is left of its expiry, into an
empty store (it refuses one that holds keys). Works in both directions. Each store has
--timeout milliseconds to answer (default 10000) before the copy stops with the reason.

  --from URL      the store to copy (sqlite://file, redis://…, rediss://…)
  --to URL        the empty store to copy into
  --timeout MS    how long each store has to answer at first`,
  options: {
    from: { type: "string" },
    to: { type: "string" },
    timeout: { type: "string" },
  },
});

const storeUrl = z
  .string({ error: "is missing" })
  .regex(/^(sqlite|redis|rediss):\/\/./, "must be a sqlite://, redis:// or rediss:// URL");
const argsSchema = z.object({
  from: storeUrl,
  to: storeUrl,
  timeout: z.coerce
    .number({ error: "must be a number of milliseconds" })
    .int("must be a number of milliseconds")
    .positive("must be a number of milliseconds")
    .default(10_000),
});

function fail(message: string, code: number = EXIT.crash): never {
  console.error(`store:copy: ${message}`);
  process.exit(code);
}

const args = argsSchema.safeParse(values);
if (!args.success) {
  const problem = args.error.issues[0]!;
  fail(`--${problem.path.join(".")} ${problem.message} (usage: ${USAGE})`, EXIT.usage);
}
const { from: fromUrl, to: toUrl, timeout } = args.data;
if (fromUrl === toUrl) fail("--from and --to are the same store", EXIT.usage);

const open = (url: string, setting: string) =>
  openStoreOrExit(url, {
    setting,
    timeoutMs: timeout,
    report: (line) => console.error(`store:copy: ${line}`),
  });
const [from, to] = await Promise.all([open(fromUrl, "--from"), open(toUrl, "--to")]);
try {
  if (!(await isEmpty(to))) {
    fail(`${shownStoreUrl(toUrl)} already holds keys; copy only into an empty store`);
  }
  const report = await copyStore(from, to);
  console.log(
    `Copied ${report.keys} keys, ${report.unfinishedJobs} of them unfinished jobs, from ${shownStoreUrl(fromUrl)} to ${shownStoreUrl(toUrl)}.`,
  );
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
} finally {
  await Promise.all([from.disconnect(), to.disconnect()]);
}
