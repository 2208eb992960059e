import { z } from "zod";
import { readCommandLine } from "./cli.js";
import { EXIT } from "./exit-codes.js";

readCommandLine({
  name: "healthcheck",
  usage: "node dist/src/healthcheck.js",
  help: `
Asks the bot on this machine for /healthz (METRICS_HOST, METRICS_PORT) and exits 0 when it
answers 200 within 5 s, 1 otherwise, printing its answer. The container image's HEALTHCHECK.`,
  options: {},
});

const env = z
  .object({
    METRICS_PORT: z.coerce.number().int().min(1).max(65_535),
    // A bot listening on every address is reached on loopback.
    METRICS_HOST: z
      .string()
      .default("127.0.0.1")
      .transform((host) => (host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host)),
  })
  .safeParse(process.env);
if (!env.success) {
  console.error("healthcheck: METRICS_PORT must be set to the bot's health port");
  process.exit(EXIT.crash);
}
const host = env.data.METRICS_HOST.includes(":")
  ? `[${env.data.METRICS_HOST}]`
  : env.data.METRICS_HOST;
try {
  const response = await fetch(`http://${host}:${env.data.METRICS_PORT}/healthz`, {
    signal: AbortSignal.timeout(5_000),
  });
  console.log(`${response.status} ${await response.text()}`);
  process.exit(response.ok ? EXIT.ok : EXIT.crash);
} catch (error) {
  console.log(`no answer: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(EXIT.crash);
}
