import { z } from "zod";
import { MAX_CREDIT_BUDGET, MAX_VIDEO_LIMIT } from "./services/quotas/quota-settings.js";
import { QUOTA_PERIODS } from "./services/quotas/quota-window.js";
import { parseSecretsKey, SECRETS_KEY_EXPECTED } from "./services/secret-box.js";
import { backendOf, type StoreOptions, sharedAcrossHosts } from "./services/store.js";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** Every error says what is expected, in words an operator reads in one line. */
const wholeNumber = (min: number, max: number, fallback: number) => {
  const expected = `must be a whole number from ${min} to ${max}`;
  return z.coerce
    .number({ error: expected })
    .int(expected)
    .min(min, expected)
    .max(max, expected)
    .default(fallback);
};

const positiveInt = (fallback: number, max: number) => wholeNumber(1, max, fallback);

const positiveNumber = (fallback: number, max: number) => {
  const expected = `must be a number above 0 and at most ${max}`;
  return z.coerce
    .number({ error: expected })
    .positive(expected)
    .max(max, expected)
    .default(fallback);
};

const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" });

const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.join(", ")}` });

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

/** A limit that may be left empty (unlimited). */
const optionalLimit = (max: number) => {
  const expected = `must be a whole number from 1 to ${max}, or empty for no limit`;
  return optionalString.pipe(
    z
      .string()
      .regex(/^\d+$/, expected)
      .transform(Number)
      .pipe(z.number().min(1, expected).max(max, expected))
      .optional(),
  );
};

/** Discord ids (snowflakes) separated by commas; empty: none. */
const idList = (what: "server" | "user") =>
  optionalString.pipe(
    z
      .string()
      .regex(/^\d{17,20}(\s*,\s*\d{17,20})*$/, `must be ${what} ids separated by commas`)
      .transform((list) => list.split(",").map((id) => id.trim()))
      .optional(),
  );

const secretsKey = optionalString.pipe(
  z
    .string()
    .transform((text, context) => {
      const key = parseSecretsKey(text);
      if (!key) context.addIssue({ code: "custom", message: SECRETS_KEY_EXPECTED });
      return key ?? Buffer.alloc(0);
    })
    .optional(),
);

/** Videos a user may make per day in DMs when the operator sets nothing. */
const DEFAULT_DM_VIDEO_LIMIT = 3;
const DM_LIMIT_EXPECTED = `must be a whole number from 1 to ${MAX_VIDEO_LIMIT}, or unlimited`;

const SHARD_COUNT_EXPECTED = "must be a number of shards from 1 to 10000, or auto";

/** Every environment variable the bot reads; `.env.example` documents each one. */
export const configSchema = z
  .object({
    DISCORD_TOKEN: z.string().trim().min(1, "is missing"),
    TTAPI_API_KEY: z.string().trim().min(1, "is missing"),
    TTAPI_BASE_URL: httpUrl.default("https://api.ttapi.io"),
    DISCORD_API_BASE_URL: httpUrl.default("https://discord.com/api"),
    STORE_URL: z
      .string()
      .trim()
      .regex(
        /^(sqlite|redis|rediss|memory):/,
        "must start with sqlite://, redis://, rediss:// (TLS) or memory://",
      )
      .default("sqlite://data/grok-video.sqlite"),
    LOG_LEVEL: oneOf(LOG_LEVELS).default("info"),
    DEV_GUILD_ID: optionalString.pipe(
      z
        .string()
        .regex(/^\d{17,20}$/, "must be a guild id")
        .optional(),
    ),
    // The servers a public bot may serve; it leaves any other it is added to.
    ALLOWED_GUILD_IDS: idList("server"),
    // Between two of those leaves, bot-wide: Discord allows a bot 50 requests a second.
    ALLOWLIST_LEAVE_INTERVAL_MS: positiveInt(50, 60_000),
    TTAPI_POLL_INTERVAL_MS: positiveInt(8_000, 600_000),
    TTAPI_POLL_MAX_INTERVAL_MS: positiveInt(60_000, 3_600_000),
    TTAPI_POLL_CONCURRENCY: positiveInt(4, 64),
    TTAPI_REQUEST_TIMEOUT_MS: positiveInt(30_000, 300_000),
    TTAPI_RETRY_BASE_DELAY_MS: positiveInt(500, 60_000),
    TTAPI_MODEL: optionalString,
    TTAPI_RESOLUTION: oneOf(["720p", "480p"]).default("720p"),
    // Fractions allowed (0.5 = 30 s): tests and operators can compress it.
    JOB_GIVE_UP_AFTER_MINUTES: positiveNumber(45, 24 * 60),
    // How long a submit TTAPI may have taken unanswered waits for its callback (fractions allowed).
    UNCONFIRMED_WAIT_MINUTES: positiveNumber(30, 24 * 60),
    JOB_RETENTION_DAYS: positiveNumber(30, 365),
    STORE_SWEEP_INTERVAL_MS: positiveInt(3_600_000, 24 * 3_600_000),
    OWNER_LEASE_MS: positiveInt(30_000, 600_000),
    // An interaction token lives 15 minutes: a duplicate delivery can only come within that.
    INTERACTION_CLAIM_MS: positiveInt(900_000, 900_000),
    MAX_IMAGE_MB: positiveInt(10, 100),
    ATTACH_VIDEOS: z.stringbool({ error: "must be true or false" }).default(true),
    MAX_UPLOADS_IN_FLIGHT: positiveInt(2, 64),
    VIDEO_DOWNLOAD_TIMEOUT_MS: positiveInt(120_000, 1_800_000),
    VIDEO_DOWNLOAD_ATTEMPTS: positiveInt(5, 20),
    VIDEO_TRUSTED_HOSTS: optionalString.pipe(
      z
        .string()
        .regex(/^[\w.:[\]-]+(\s*,\s*[\w.:[\]-]+)*$/, "must be host names separated by commas")
        .transform((list) => list.split(",").map((host) => host.trim()))
        .optional(),
    ),
    // A job's final message is sent again after a Discord 5xx: first delay, doubling, 3 times.
    DISCORD_RETRY_DELAY_MS: positiveInt(2_000, 60_000),
    // Discord's interaction tokens die after 15 minutes.
    INTERACTION_TOKEN_SAFE_AGE_MS: positiveInt(14 * 60_000, 15 * 60_000),
    METRICS_PORT: optionalString.pipe(
      z
        .string()
        .regex(/^\d+$/, "must be a port number from 1 to 65535")
        .transform(Number)
        .pipe(
          z
            .number()
            .min(1, "must be a port number from 1 to 65535")
            .max(65_535, "must be a port number from 1 to 65535"),
        )
        .optional(),
    ),
    METRICS_HOST: z.string().min(1).default("127.0.0.1"),
    HEALTHZ_STORE_TIMEOUT_MS: positiveInt(2_000, 60_000),
    // At start, how long the store has to answer before the bot stops saying why.
    STORE_CONNECT_TIMEOUT_MS: positiveInt(10_000, 300_000),
    // Under Discord's 3 s: a member is told the store is away before Discord gives up.
    STORE_TIMEOUT_MS: positiveInt(1_500, 2_500),
    // SQLite: how long a write waits for another process's lock; the wait blocks the bot.
    SQLITE_BUSY_TIMEOUT_MS: positiveInt(1_000, 10_000),
    // SQLite: how often a worker thread copies the WAL back into the file.
    SQLITE_CHECKPOINT_INTERVAL_MS: positiveInt(1_000, 60_000),
    REFERENCE_LINK_MIN_LIFETIME_MS: positiveInt(3_600_000, 12 * 3_600_000),
    DEFAULT_QUOTA_PERIOD: oneOf(QUOTA_PERIODS).default("day"),
    DEFAULT_GUILD_VIDEO_LIMIT: optionalLimit(MAX_VIDEO_LIMIT),
    DEFAULT_MEMBER_VIDEO_LIMIT: optionalLimit(MAX_VIDEO_LIMIT),
    ALLOW_DM_USE: z.stringbool({ error: "must be true or false" }).default(false),
    // A stranger's DMs spend the operator's credits: capped unless the operator says otherwise.
    DM_USER_VIDEO_LIMIT: optionalString.pipe(
      z
        .string()
        .regex(/^(\d+|unlimited)$/, DM_LIMIT_EXPECTED)
        .transform((value) => (value === "unlimited" ? null : Number(value)))
        .pipe(
          z.number().min(1, DM_LIMIT_EXPECTED).max(MAX_VIDEO_LIMIT, DM_LIMIT_EXPECTED).nullable(),
        )
        .default(DEFAULT_DM_VIDEO_LIMIT),
    ),
    // The operator's caps on every server's own limits, counted per DEFAULT_QUOTA_PERIOD.
    SERVER_VIDEO_CEILING: optionalLimit(MAX_VIDEO_LIMIT),
    SERVER_CREDIT_CEILING: optionalLimit(MAX_CREDIT_BUDGET),
    // The operator's TTAPI credits for all servers, DMs and hosts together, per period.
    BOT_CREDIT_BUDGET: optionalLimit(MAX_CREDIT_BUDGET),
    BOT_BUDGET_PERIOD: oneOf(["day", "month"] as const).default("month"),
    // After TTAPI answers 402 (balance empty), how long the line waits before trying again.
    BALANCE_RECHECK_MINUTES: positiveNumber(10, 24 * 60),
    // Who hears of an empty TTAPI balance, by DM (user ids separated by commas).
    OPERATOR_USER_IDS: idList("user"),
    // Encrypts secrets kept in the store (a server's own TTAPI key); unset: that is off.
    SECRETS_KEY: secretsKey,
    // While rotating SECRETS_KEY: the old one, still read (see docs/operations.md).
    SECRETS_KEY_PREVIOUS: secretsKey,
    // A server whose own key can no longer be opened: refused (false), or paid by the operator.
    SERVER_KEY_UNREADABLE_OPERATOR_PAYS: z
      .stringbool({ error: "must be true or false" })
      .default(false),
    MAX_ACTIVE_JOBS_PER_USER: positiveInt(3, 1_000),
    MAX_ACTIVE_JOBS_PER_GUILD: positiveInt(20, 10_000),
    MAX_WAITING_PER_GUILD: positiveInt(100, 100_000),
    SUBMIT_RETRY_DELAY_MS: positiveInt(15_000, 600_000),
    WAITING_UPDATE_INTERVAL_MS: positiveInt(5_000, 600_000),
    HOOK_PUBLIC_URL: optionalString.pipe(httpUrl.optional()),
    HOOK_PORT: wholeNumber(0, 65_535, 8788),
    HOOK_SAFETY_POLL_INTERVAL_MS: positiveInt(120_000, 3_600_000),
    HOOK_REQUEST_TIMEOUT_MS: positiveInt(10_000, 300_000),
    HOOK_MAX_CONNECTIONS: positiveInt(64, 10_000),
    RETRY_COOLDOWN_SECONDS: positiveNumber(10, 3_600),
    RETRY_NOTICE_SECONDS: positiveNumber(15, 3_600),
    SHARD_SPAWN_DELAY_MS: wholeNumber(0, 60_000, 5_500),
    SHARD_COUNT: optionalString.pipe(
      z
        .string()
        .regex(/^(auto|\d+)$/, SHARD_COUNT_EXPECTED)
        .transform((value) => (value === "auto" ? ("auto" as const) : Number(value)))
        .refine(
          (value) => value === "auto" || (value >= 1 && value <= 10_000),
          SHARD_COUNT_EXPECTED,
        )
        .optional(),
    ),
    SHARD_LIST: optionalString.pipe(
      z
        .string()
        .regex(/^\d+(\s*,\s*\d+)*$/, "must be shard ids separated by commas, e.g. 0,1")
        .transform((list) => [...new Set(list.split(",").map((id) => Number(id.trim())))])
        .optional(),
    ),
  })
  .superRefine((config, context) => {
    const list = config.SHARD_LIST;
    // Zod still runs this when the list itself was malformed (and already reported).
    if (!Array.isArray(list)) return;
    const count = config.SHARD_COUNT;
    if (typeof count !== "number") {
      context.addIssue({
        code: "custom",
        path: ["SHARD_LIST"],
        message: "needs SHARD_COUNT set to the bot's total number of shards",
      });
      return;
    }
    const outside = list.filter((id) => id >= count);
    if (outside.length > 0) {
      context.addIssue({
        code: "custom",
        path: ["SHARD_LIST"],
        message: `names shard ${outside.join(", ")}, but SHARD_COUNT is ${count} (ids 0 to ${count - 1})`,
      });
    }
    // The other shards run on other hosts: they can only share a Redis store.
    if (list.length < count && !sharedAcrossHosts(backendOf(config.STORE_URL))) {
      context.addIssue({
        code: "custom",
        path: ["SHARD_LIST"],
        message:
          "runs only some of the shards, so the other hosts need a shared store: set STORE_URL=redis://…",
      });
    }
  });

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** `.env.example` ships every variable, most of them empty: empty means unset (the default). */
export function withoutEmptyValues(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ""),
  );
}

/** Parses the environment once at start; the error names each bad variable in one line. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const set = withoutEmptyValues(env);
  const result = configSchema.safeParse(set);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join(".");
    const missing = issue.code === "invalid_type" && set[name] === undefined;
    return `${name} ${missing ? "is missing" : issue.message}`;
  });
  throw new ConfigError(
    `Invalid configuration: ${problems.join("; ")} (set it in .env, see .env.example)`,
  );
}

/** What the store takes from the environment (see StoreOptions). */
export function storeOptionsOf(config: Config): StoreOptions {
  return {
    sqliteBusyTimeoutMs: config.SQLITE_BUSY_TIMEOUT_MS,
    sqliteCheckpointIntervalMs: config.SQLITE_CHECKPOINT_INTERVAL_MS,
  };
}
