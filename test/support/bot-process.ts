import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { FakeDiscord } from "../../src/fakes/discord/fake-discord.js";
import { RequestLog } from "../../src/fakes/request-log.js";
import type { FakeTtapi } from "../../src/fakes/ttapi/fake-ttapi.js";

const root = resolve(import.meta.dirname, "../..");
const tsxLoader = pathToFileURL(join(root, "node_modules/tsx/dist/loader.mjs")).href;

/**
 * The command line that runs an entry point as its `npm run` script does: the bot's own
 * entries from the build in `dist/` (made fresh by the suite's global setup), as `npm start`
 * runs them; the demo and the fakes, which npm runs under tsx, under tsx.
 */
export function entryCommand(entry: string): string[] {
  if (/^src\/(demo|fakes)\//.test(entry)) {
    return [process.execPath, "--import", tsxLoader, join(root, entry)];
  }
  const built = join(root, "dist", entry.replace(/\.ts$/, ".js"));
  return [process.execPath, "--enable-source-maps", built];
}

export interface BotProcess {
  child: ChildProcess;
  /** pino's JSON lines, as the bot writes them. */
  logs: RequestLog<{ msg?: string; level?: number }>;
  ready: Promise<unknown>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** kill -9 of the process and everything it started (a shard manager's shards too). */
  killAll(): void;
}

/** What a bot process needs to reach the fakes: their URLs, the bot token, a TTAPI key. */
export function fakesEnv(
  fakes: { discord: FakeDiscord; ttapi: FakeTtapi },
  apiKey: string,
): Record<string, string> {
  return {
    DISCORD_TOKEN: fakes.discord.token,
    TTAPI_API_KEY: apiKey,
    TTAPI_BASE_URL: fakes.ttapi.baseUrl,
    DISCORD_API_BASE_URL: fakes.discord.apiBaseUrl,
  };
}

/** One host's part of a bot sharded in two: shard `shard` only, started at once. */
export function oneOfTwoShards(shard: number): Record<string, string> {
  return { SHARD_COUNT: "2", SHARD_LIST: String(shard), SHARD_SPAWN_DELAY_MS: "0" };
}

/**
 * Runs an entry point (`src/index.ts` as `npm start` does, or `src/register.ts`) as its
 * own process, in an empty directory so no `.env` is picked up.
 */
export function startBotProcess(
  env: Record<string, string>,
  entry = "src/index.ts",
  /** A command-line prefix it runs under (`ip netns exec …`: a host of its own). */
  wrap: string[] = [],
): BotProcess {
  return startProcess([...wrap, ...entryCommand(entry)], {
    cwd: mkdtempSync(join(tmpdir(), "grok-bot-")),
    // The fake TTAPI's file server is on this machine, over plain http.
    env: {
      PATH: process.env.PATH ?? "",
      VIDEO_TRUSTED_HOSTS: "127.0.0.1",
      ...env,
      LOG_LEVEL: "info",
    },
  });
}

/** Runs any command line (`npm start` in a checkout, say) and reads the bot's log lines. */
export function startProcess(
  [command, ...args]: string[],
  options: {
    cwd: string;
    env: Record<string, string>;
    readyTimeoutMs?: number;
    /** Keep its standard input open for the test to type into (`child.stdin`). */
    stdin?: boolean;
  },
): BotProcess {
  const child = spawn(command!, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: [options.stdin ? "pipe" : "ignore", "pipe", "pipe"],
    // Its own process group: a host's manager and its shard processes die together.
    detached: true,
  });
  const logs = new RequestLog<{ msg?: string; level?: number }>();
  let buffered = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    buffered += chunk.toString("utf8");
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) {
      try {
        logs.add(JSON.parse(line) as { msg?: string });
      } catch {
        logs.add({ msg: line });
      }
    }
  });
  child.stderr!.on("data", (chunk: Buffer) => logs.add({ msg: chunk.toString("utf8") }));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>(
    (done) => child.once("exit", (code, signal) => done({ code, signal, at: Date.now() })),
  );
  const ready = Promise.race([
    logs.waitFor(
      (line) => line.msg === "bot ready",
      options.readyTimeoutMs ?? 20_000,
      "the bot to be ready",
    ),
    // A crash at start fails at once, showing what the process said.
    exited.then(({ code }) => {
      const said = logs.entries.map((line) => line.msg).join("\n");
      throw new Error(`exited with ${code} before it was ready:\n${said.slice(-2_000)}`);
    }),
  ]);
  // Tests that expect an early exit await `exited` and never read `ready`.
  ready.catch(() => undefined);
  const killAll = () => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // Already gone.
    }
  };
  return { child, logs, ready, exited, killAll };
}

/**
 * Runs an entry point to its end (`src/store-copy.ts --help`), in an empty directory, with
 * only `env`; what it printed and its exit code. Killed after `timeoutMs`.
 */
export async function runEntryPoint(
  entry: string,
  args: string[],
  env: Record<string, string> = {},
  timeoutMs = 30_000,
): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  const [command, ...entryArgs] = entryCommand(entry);
  const child = spawn(command!, [...entryArgs, ...args], {
    cwd: mkdtempSync(join(tmpdir(), "grok-cli-")),
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    timeout: timeoutMs,
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const [code] = (await once(child, "close")) as [number | null];
  return { code, stdout, stderr, ms: Date.now() - started };
}
