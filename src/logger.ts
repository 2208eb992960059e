import { type Logger, pino } from "pino";

export type { Logger };

const REDACTED = "[redacted]";

/** Keys whose value is a secret wherever they sit, however deep. */
const SECRET_KEYS = new Set([
  "token",
  "apikey",
  "interactiontoken",
  "authorization",
  "tt-api-key",
  "discord_token",
  "ttapi_api_key",
  "hooktoken",
]);

/**
 * Secrets by their shape, so ones the bot was never told about (an interaction's token in
 * an error's URL) are caught too: the token segment of interaction, webhook and callback
 * URLs, a Discord bot token, an `Authorization: Bot …` value.
 */
const SECRET_SHAPES: [RegExp, string][] = [
  [/(\/interactions\/\d+\/)[^/\s?"']+/g, `$1${REDACTED}`],
  [/(\/webhooks\/\d+\/)[^/\s?"']+/g, `$1${REDACTED}`],
  [/(\/ttapi-hook\/[^/\s?"']+\/)[^/\s?"']+/g, `$1${REDACTED}`],
  [/\b(Bot|Bearer)\s+[\w.-]{20,}/g, `$1 ${REDACTED}`],
  // A password in a URL (redis://user:password@host, as managed Redis services give them).
  [/(\b[a-z][\w+.-]*:\/\/[^:/\s@]*:)[^@/\s]+@/gi, `$1${REDACTED}@`],
  [/\b[\w-]{23,28}\.[\w-]{6,7}\.[\w-]{27,}\b/g, REDACTED],
];

/** Nesting deeper than this is cut: no log line walks a whole object graph. */
const MAX_DEPTH = 8;

export function createLogger(
  level: string,
  destination?: pino.DestinationStream,
  secrets: string[] = [],
): Logger {
  const scrub = scrubber(secrets.filter((secret) => secret.length >= 4));
  const options: pino.LoggerOptions = {
    level,
    // Every argument of every call, at every level, is scrubbed before pino sees it.
    hooks: {
      logMethod(this: Logger, args: Parameters<pino.LogFn>, method: pino.LogFn): void {
        const [first, ...rest] = args as unknown[];
        // `logger.error(err)` keeps pino's shape: the error under `err`, its message as msg.
        const leading =
          first instanceof Error
            ? [{ err: first }, rest.length > 0 ? rest.shift() : first.message]
            : [first];
        const cleaned = [...leading, ...rest].map((arg) => scrub(arg, 0));
        method.apply(this, cleaned as Parameters<pino.LogFn>);
      },
    },
  };
  if (destination) return pino(options, destination);
  if (process.stdout.isTTY) {
    return pino({ ...options, transport: { target: "pino-pretty", options: { colorize: true } } });
  }
  return pino(options);
}

/** A copy of a log argument with every secret replaced, by key, by shape and by value. */
function scrubber(secrets: string[]) {
  const scrubText = (text: string) => {
    let clean = secrets.reduce((acc, secret) => acc.split(secret).join(REDACTED), text);
    for (const [shape, replacement] of SECRET_SHAPES) clean = clean.replace(shape, replacement);
    return clean;
  };
  const scrub = (value: unknown, depth: number): unknown => {
    if (typeof value === "string") return scrubText(value);
    if (value === null || typeof value !== "object") return value;
    if (depth >= MAX_DEPTH) return "[too deep]";
    if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
    if (value instanceof URL) return scrubText(value.href);
    if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
    // Errors become pino's plain shape (type, message, stack, their own fields, cause).
    const plain: object = value instanceof Error ? pino.stdSerializers.err(value) : value;
    const copy: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(plain)) {
      if (typeof field === "function") continue;
      copy[key] = SECRET_KEYS.has(key.toLowerCase()) ? REDACTED : scrub(field, depth + 1);
    }
    return copy;
  };
  return scrub;
}
