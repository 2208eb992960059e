import { Writable } from "node:stream";
import { RequestLog } from "../../src/fakes/request-log.js";
import { createLogger } from "../../src/logger.js";

/** One of the bot's log lines, as pino wrote it. */
export type LogLine = { level: number; msg?: string } & Record<string, unknown>;

/**
 * A logger made as src/index.ts makes it (`secrets` scrubbed by value too), writing JSON
 * lines a test can wait for and read, and the raw text it wrote.
 */
export function capturedLog(level = "info", secrets: string[] = []) {
  const lines = new RequestLog<LogLine>();
  const output: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      output.push(String(chunk));
      for (const line of String(chunk).split("\n").filter(Boolean)) lines.add(JSON.parse(line));
      done();
    },
  });
  return { lines, text: () => output.join(""), logger: createLogger(level, stream, secrets) };
}
