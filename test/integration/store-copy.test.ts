import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { EXIT } from "../../src/exit-codes.js";
import { openStore, type Store, type StoredEntry } from "../../src/services/store.js";
import { entryCommand } from "../support/bot-process.js";
import { storeBackends } from "../support/store-backends.js";

const backends = storeBackends();
const [sqlite, redis] = backends;
const HOUR = 3_600_000;

/** `npm run store:copy -- …`. */
async function storeCopy(...args: string[]) {
  const [command, ...entryArgs] = entryCommand("src/store-copy.ts");
  const run = promisify(execFile)(command!, [...entryArgs, ...args], { timeout: 15_000 });
  return run.then(
    ({ stdout }) => ({ code: 0, output: stdout }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      output: `${error.stdout}${error.stderr}`,
    }),
  );
}

async function everything(store: Store): Promise<StoredEntry[]> {
  const entries: StoredEntry[] = [];
  for await (const entry of store.entries()) entries.push(entry);
  return entries.sort((a, b) => `${a.partition}:${a.key}`.localeCompare(`${b.partition}:${b.key}`));
}

describe.each([
  { from: sqlite!, to: redis! },
  { from: redis!, to: sqlite! },
])("npm run store:copy from $from.name to $to.name", ({ from, to }) => {
  it("copies every live key, unfinished jobs included, with its expiry", async (context) => {
    const [fromUrl, toUrl] = [await from.prepare(context), await to.prepare(context)];
    const source = await openStore(fromUrl);
    await source.kv.set("job:1", { prompt: "a fox", status: "succeeded" }, 30 * 24 * HOUR);
    await source.kv.set("message:123", "1");
    await source.kv.set("quota:settings:guild:9", { memberVideos: 3 });
    await source.activeJobs("shard-0").set("2", { userId: "u", guildId: "g", createdAt: 1 });
    await source.activeJobs("shard-1").set("3", { userId: "v", guildId: null, createdAt: 2 });
    const before = await everything(source);
    await source.disconnect();
    expect(before).toHaveLength(5);

    const run = await storeCopy("--from", fromUrl, "--to", toUrl);
    expect(run.output).toContain("Copied 5 keys, 2 of them unfinished jobs,");
    expect(run.code).toBe(0);

    const copy = await openStore(toUrl);
    const after = await everything(copy);
    expect(after.map(({ expires, ...rest }) => rest)).toEqual(
      before.map(({ expires, ...rest }) => rest),
    );
    const expiry = (entries: StoredEntry[]) => entries.find((e) => e.key === "job:1")!.expires!;
    expect(Math.abs(expiry(after) - expiry(before))).toBeLessThan(2_000);
    expect(after.find((e) => e.key === "message:123")!.expires).toBeUndefined();
    await copy.disconnect();

    const again = await storeCopy("--from", fromUrl, "--to", toUrl);
    expect(again.code).toBe(1);
    expect(again.output).toContain("already holds keys; copy only into an empty store");
  });
});

describe("npm run store:copy's arguments", () => {
  it("names what is wrong in one line", async () => {
    const run = await storeCopy("--from", "sqlite://a.sqlite", "--to", "memory://");
    expect(run.code).toBe(EXIT.usage);
    expect(run.output.trim()).toMatch(
      /^store:copy: --to must be a sqlite:\/\/, redis:\/\/ or rediss:\/\/ URL \(usage: .+\)$/,
    );
  });
});
