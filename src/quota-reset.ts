import { z } from "zod";
import { readCommandLine } from "./cli.js";
import { EXIT } from "./exit-codes.js";
import { openStoreOrExit, shownStoreUrl } from "./open-store-or-exit.js";
import type { QuotaScope } from "./services/quotas/quota-scope.js";
import { restartCount } from "./services/quotas/restart-count.js";

/**
 * `npm run quota:reset -- --scope budget|dm:<userId>`: the operator counts the bot's
 * budget, or one user's DM use, from zero, when the bot refuses it because its count was
 * damaged or lost with the store's data. Servers' counts are their admins' (`/grok-quota reset`).
 */
const USAGE = "npm run quota:reset -- --scope budget";
const values = readCommandLine({
  name: "quota:reset",
  usage: USAGE,
  help: `
Counts usage from zero in the current day, week and month, for the operator's budget
(BOT_CREDIT_BUDGET) or one user's direct messages. The running bot picks it up at once.

  --scope WHAT    budget, or dm:<user id>
  --store URL     the bot's store (default: STORE_URL, else sqlite://data/grok-video.sqlite)`,
  options: { scope: { type: "string" }, store: { type: "string" } },
});

const argsSchema = z.object({
  scope: z
    .string({ error: "is missing" })
    .regex(/^(budget|dm:\d{15,25})$/, "must be budget or dm:<user id>"),
  store: z
    .string()
    .regex(/^(sqlite|redis|rediss):\/\/./, "must be a sqlite://, redis:// or rediss:// URL"),
});
const args = argsSchema.safeParse({
  ...values,
  store: values.store ?? (process.env.STORE_URL || "sqlite://data/grok-video.sqlite"),
});
if (!args.success) {
  const problem = args.error.issues[0]!;
  console.error(`quota:reset: --${problem.path.join(".")} ${problem.message} (usage: ${USAGE})`);
  process.exit(EXIT.usage);
}
const { scope: what, store: url } = args.data;
const scope: QuotaScope =
  what === "budget" ? { kind: "bot" } : { kind: "dm", userId: what.slice("dm:".length) };
const store = await openStoreOrExit(url, {
  setting: "--store",
  timeoutMs: 10_000,
  report: (line) => console.error(`quota:reset: ${line}`),
});
try {
  await restartCount(store, scope, Date.now());
  console.log(`Counting ${what} from zero in ${shownStoreUrl(url)}.`);
} finally {
  await store.disconnect();
}
