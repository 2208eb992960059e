import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { freePort, freshWorlds } from "../support/e2e-helpers.js";

const start = freshWorlds();
const mounts: string[] = [];
afterEach(() => {
  for (const dir of mounts.splice(0)) execFileSync("umount", ["-l", dir]);
});

/** A 4 MiB disk of the test's own (tmpfs); why not, when it cannot be had (not root). */
function smallDisk(): string | { skip: string } {
  const dir = mkdtempSync(join(tmpdir(), "grok-disk-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=4m", "tmpfs", dir], { stdio: "ignore" });
  } catch (error) {
    const reason = `cannot mount a tmpfs here: ${String(error).split("\n")[0]}`;
    if (process.env.CI === "true") throw new Error(reason);
    return { skip: reason };
  }
  mounts.push(dir);
  return dir;
}

/** Fills the disk to the last byte. */
function fill(dir: string): void {
  const chunk = Buffer.alloc(64 * 1024);
  for (let n = 0; n < 1_000; n++) {
    try {
      writeFileSync(join(dir, `filler-${n}`), chunk);
    } catch {
      return;
    }
  }
}

describe("the SQLite file's disk is full", () => {
  it("/healthz says the store is unhealthy while writes fail, and healthy once there is room", async (context) => {
    const disk = smallDisk();
    if (typeof disk !== "string") return context.skip(disk.skip);
    const port = await freePort();
    await start({
      storeUrl: `sqlite://${join(disk, "bot.sqlite")}`,
      env: { METRICS_PORT: String(port) },
    });
    const healthz = async () => {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      return { status: response.status, body: (await response.json()) as { reason?: string } };
    };
    expect((await healthz()).status).toBe(200);
    fill(disk);
    const full = await healthz();
    expect(full.status).toBe(503);
    expect(full.body.reason).toMatch(/SQLITE_FULL|full/);
    for (let n = 0; n < 1_000; n++) rmSync(join(disk, `filler-${n}`), { force: true });
    expect((await healthz()).status).toBe(200);
  });
});
