import { type Logger, pino } from "pino";

export type { Logger };

/** Paths pino blanks out wherever they appear, so secrets never reach a log line. */
const REDACTED_PATHS = [
  "token",
  "*.token",
  "apiKey",
  "*.apiKey",
  "interactionToken",
  "*.interactionToken",
  "*.*.interactionToken",
  "headers.authorization",
  '*.headers["tt-api-key"]',
  'headers["tt-api-key"]',
  "DISCORD_TOKEN",
  "TTAPI_API_KEY",
  "*.DISCORD_TOKEN",
  "*.TTAPI_API_KEY",
];

export function createLogger(
  level: string,
  destination?: pino.DestinationStream,
  secrets: string[] = [],
): Logger {
  const options: pino.LoggerOptions = {
    level,
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    // Secrets can also hide inside free text (an error message echoing a URL or a header).
    ...(secrets.length > 0 ? { hooks: { logMethod: scrubArguments(secrets) } } : {}),
  };
  if (destination) return pino(options, destination);
  if (process.stdout.isTTY) {
    return pino({ ...options, transport: { target: "pino-pretty", options: { colorize: true } } });
  }
  return pino(options);
}

function scrubArguments(secrets: string[]) {
  const scrub = (text: string) =>
    secrets.reduce((acc, secret) => acc.split(secret).join("[redacted]"), text);
  return function logMethod(this: Logger, args: Parameters<pino.LogFn>, method: pino.LogFn): void {
    const cleaned = args.map((arg) => {
      if (typeof arg === "string") return scrub(arg);
      if (arg instanceof Error) return { err: { type: arg.name, message: scrub(arg.message) } };
      return arg;
    }) as Parameters<pino.LogFn>;
    method.apply(this, cleaned);
  };
}
