import { execFile, spawn } from "node:child_process";
import { openSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Runs a command to its end within `timeoutMs`; its output, or an error with it. */
export async function sh(
  command: string,
  args: string[],
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<string> {
  const { stdout } = await run(command, args, {
    cwd: options.cwd,
    timeout: options.timeoutMs ?? 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

const answers = (command: string, args: string[]) =>
  sh(command, args, { timeoutMs: 10_000 }).then(
    () => true,
    () => false,
  );

/**
 * A Docker engine for the container test: the one running, or dockerd started here (as
 * root, with Debian's docker.io installed: CI's .ci/run installs it). Why not, when it
 * cannot be had: the test is skipped with that reason, except in CI where it fails.
 */
export async function dockerEngine(): Promise<{ compose: string[]; stop(): void } | string> {
  let started: ReturnType<typeof spawn> | undefined;
  if (!(await answers("docker", ["info"]))) {
    if (!(await answers("dockerd", ["--version"]))) return unavailable("dockerd is not installed");
    const log = openSync(join(tmpdir(), "grok-video-dockerd.log"), "a");
    // Niced, with all it builds and runs: image builds must not starve the other tests.
    started = spawn("nice", ["-n", "15", "dockerd"], {
      stdio: ["ignore", log, log],
      detached: true,
    });
    const deadline = Date.now() + 60_000;
    while (!(await answers("docker", ["info"]))) {
      if (started.exitCode !== null || Date.now() > deadline) {
        started.kill();
        return unavailable("dockerd did not start (see grok-video-dockerd.log in TMPDIR)");
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  // Compose v2 (`docker compose`) where it is installed, else the standalone docker-compose.
  const compose = (await answers("docker", ["compose", "version"]))
    ? ["docker", "compose"]
    : (await answers("docker-compose", ["version"]))
      ? ["docker-compose"]
      : undefined;
  if (!compose) return unavailable("neither docker compose nor docker-compose is installed");
  return { compose, stop: () => started?.kill("SIGTERM") };
}

function unavailable(reason: string): string {
  if (process.env.CI === "true") throw new Error(`the container test cannot run in CI: ${reason}`);
  return reason;
}
