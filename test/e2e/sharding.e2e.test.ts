import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeDiscord } from "../../src/fakes/discord/fake-discord.js";
import { shardOf } from "../../src/fakes/discord/fake-gateway.js";
import { FakeTtapi } from "../../src/fakes/ttapi/fake-ttapi.js";
import { type BotProcess, fakesEnv, startBotProcess } from "../support/bot-process.js";
import { videoLinkIn } from "../support/e2e-helpers.js";

let ttapi: FakeTtapi;
let discord: FakeDiscord;
let manager: BotProcess;

beforeAll(async () => {
  ttapi = new FakeTtapi({ apiKey: "shard-key" });
  discord = new FakeDiscord();
  await Promise.all([ttapi.start(), discord.start()]);
  manager = startBotProcess({
    ...fakesEnv({ discord, ttapi }, "shard-key"),
    STORE_URL: `sqlite://${join(mkdtempSync(join(tmpdir(), "grok-shards-")), "store.sqlite")}`,
    TTAPI_POLL_INTERVAL_MS: "30",
    TTAPI_POLL_MAX_INTERVAL_MS: "100",
    SHARD_COUNT: "2",
    SHARD_SPAWN_DELAY_MS: "0",
  });
  await manager.logs.waitFor((line) => line.msg === "all shards ready", 30_000, "both shards");
}, 40_000);

afterAll(async () => {
  manager.killAll();
  await Promise.all([ttapi.stop(), discord.stop()]);
});

describe("sharding with discord.js's ShardingManager", () => {
  it("runs one process per shard, each identifying its own shard", () => {
    expect(discord.gatewayShards.map(([id]) => id).sort()).toEqual([0, 1]);
    expect(discord.gatewayShards.every(([, count]) => count === 2)).toBe(true);
    // Commands are registered once, by shard 0.
    const registrations = discord.calls.filter(
      (c) => c.method === "PUT" && c.path.endsWith("/commands"),
    );
    expect(registrations).toHaveLength(1);
  });

  it("serves a guild from the shard that owns it", async () => {
    const owner = shardOf(discord.guild.id, 2);
    const { interactionId } = discord.runCommand("grok-video", { prompt: "sharded: a heron" });
    await discord.calls.waitFor(
      () => videoLinkIn(discord.originalResponse(interactionId)?.content) !== undefined,
      10_000,
      "the video",
    );
    type ShardLine = { msg?: string; jobId?: string; shards?: number[] };
    await manager.logs.waitFor(
      (line) => line.msg === "job finished" && (line as ShardLine).jobId === interactionId,
      5_000,
      "the job's end in the logs",
    );
    const lines = manager.logs.entries as ShardLine[];
    expect(lines.filter((l) => l.msg === "bot ready").map((l) => l.shards?.[0])).toHaveLength(2);
    // Only the owning shard's process submitted the job and saw it to its end.
    const byJob = (msg: string) =>
      lines.filter((l) => l.msg === msg && l.jobId === interactionId).map((l) => l.shards);
    expect(byJob("job submitted")).toEqual([[owner]]);
    expect(byJob("job finished")).toEqual([[owner]]);
  });

  it("stops every shard on SIGTERM and exits 0", async () => {
    manager.child.kill("SIGTERM");
    const exit = await manager.exited;
    expect(exit.code).toBe(0);
    expect(manager.logs.filter((line) => line.msg === "shutting down")).toHaveLength(2);
  });
});
