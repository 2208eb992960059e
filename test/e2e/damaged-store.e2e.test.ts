import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { capturedLog } from "../support/captured-log.js";
import { ANY, en, fixedPart } from "../support/catalog-text.js";
import { onSqliteFile } from "../support/damage-stored.js";
import {
  answerTo,
  finishedReply,
  freePort,
  freshWorlds,
  shownVideo,
} from "../support/e2e-helpers.js";

const start = freshWorlds();

/** Writes a raw value under a key of the bot's SQLite file, as damage would leave it. */
function damage(url: string, table: "keyv" | "active_jobs", key: string, raw: string) {
  onSqliteFile(url, (db) =>
    db
      .prepare(
        `INSERT INTO ${table}(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
      )
      .run(key, raw),
  );
}

describe("a damaged store (SQLite)", () => {
  it("starts anyway: healthy jobs resume, each damaged value is set aside once, lost requests are told and given back", async () => {
    const { lines, logger } = capturedLog();
    const storeUrl = `sqlite://${join(mkdtempSync(join(tmpdir(), "grok-damaged-")), "s.sqlite")}`;
    const port = await freePort();
    const w = await start({
      storeUrl,
      logger,
      env: {
        DEFAULT_MEMBER_VIDEO_LIMIT: "5",
        METRICS_PORT: String(port),
        BOT_CREDIT_BUDGET: "1000",
      },
    });
    const ids: string[] = [];
    for (const name of ["not-json", "wrong-shape", "healthy"]) {
      w.ttapi.scriptSubmits({ accept: true, steps: [{ status: "ON_QUEUE" }] });
      ids.push(w.discord.runCommand("grok-video", { prompt: `damaged: ${name}` }).interactionId);
    }
    const [notJson, wrongShape, healthy] = ids as [string, string, string];
    await w.discord.calls.waitFor(
      () =>
        ids.every((id) =>
          JSON.stringify(w.discord.originalResponse(id)?.embeds ?? []).includes("Generating"),
        ),
      8_000,
      "three videos being generated",
    );

    await w.restartBot(async () => {
      damage(storeUrl, "keyv", `grok-video:job:${notJson}`, "{half a record");
      damage(
        storeUrl,
        "keyv",
        `grok-video:job:${wrongShape}`,
        JSON.stringify({ value: { id: wrongShape, status: 42 }, expires: null }),
      );
      damage(storeUrl, "active_jobs", `shard-0:${healthy}`, "not a row");
    });

    // The two lost requests: their members are told under their message, quota given back.
    for (const id of [notJson, wrongShape]) {
      const original = w.discord.originalResponse(id)!;
      await w.discord.calls.waitFor(
        () =>
          [...w.discord.messages.values()].some(
            (m) =>
              m.message_reference?.message_id === original.id &&
              m.content.includes("could not be read back"),
          ),
        5_000,
        `the member told about ${id}`,
      );
    }
    const usage = await answerTo(w, w.discord.runCommand("grok-usage"));
    expect(usage).toContain(fixedPart(en.usageMade(en.videos(1), ANY, ANY)));
    // The operator's budget is given back too: only the healthy job's 3 credits are held.
    const budget = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(budget).toMatch(/grok_bot_budget_credits\{kind="used"\} 3\b/);

    // The healthy job (its row was damaged, its record is fine) resumes and is delivered.
    const jobId = w.ttapi.submits.filter((s) => s.body.prompt === "damaged: healthy")[0]!.jobId!;
    w.ttapi.scriptJob(jobId, [{ status: "SUCCESS" }]);
    expect(shownVideo(await finishedReply(w, healthy)).file).toBeDefined();

    const setAside = () =>
      lines.entries.filter((line) => line.msg === "unreadable stored value set aside");
    expect(
      setAside()
        .map((line) => line.key)
        .sort(),
    ).toEqual([`job:${notJson}`, `job:${wrongShape}`, healthy].sort());
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toContain('grok_records_set_aside_total{keyspace="job"} 2');
    expect(metrics).toContain('grok_records_set_aside_total{keyspace="active"} 1');

    // Set aside, not tripped over again: the next start reports nothing.
    await w.restartBot();
    expect(setAside()).toHaveLength(3);
  });
});
