import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { capturedLog } from "../support/captured-log.js";
import { callbackOf, freshWorlds } from "../support/e2e-helpers.js";

const start = freshWorlds();

/** Shaped like a real bot token (user id, timestamp, HMAC), so shape rules are exercised. */
const BOT_TOKEN = "MTE5ODYyMjQ4MzQ3MTkyNTI0OA.GhRtXq.q7Xv2r9bLk0pQwErTyUiOpAsDfGhJkLzXcVbNm";
const REFUSED_TTAPI_KEY = "tt-key-that-ttapi-refuses-4711";

describe("no secret in any log line, at LOG_LEVEL=trace", () => {
  it("keeps interaction and webhook tokens, the bot token and the TTAPI key out of the log when Discord and TTAPI refuse", async () => {
    // As src/index.ts makes it: the two configured secrets are also scrubbed by value.
    const { lines, logger, text } = capturedLog("trace", [BOT_TOKEN, REFUSED_TTAPI_KEY]);
    const w = await start({
      storeUrl: `sqlite://${join(mkdtempSync(join(tmpdir(), "grok-secrets-")), "s.sqlite")}`,
      logger,
      discord: { token: BOT_TOKEN },
      env: { LOG_LEVEL: "trace", TTAPI_API_KEY: REFUSED_TTAPI_KEY },
    });
    await lines.waitFor(
      (line) => line.msg?.startsWith("TTAPI refused") === true,
      5_000,
      "key check",
    );
    const callback = /\/interactions\/\d+\/[^/]+\/callback/;
    const tokens: string[] = [];

    // 10062: the interaction expired before the bot acknowledged it.
    w.discord.refuseNext("POST", callback, 10062);
    const first = w.discord.runCommand("grok-video", { prompt: "secret: one" });
    tokens.push(first.token);
    const spent = "interaction expired or already answered";
    const expired = await lines.waitFor((line) => line.msg === spent, 5_000, "the 10062");
    // Expected now and then: a warning without a stack, and nothing more sent for it.
    expect([expired.level, expired.code, "err" in expired]).toEqual([40, 10062, false]);
    expect(w.discord.calls.filter(callbackOf(first.interactionId))).toHaveLength(1);

    // 40060: another process acknowledged it first.
    w.discord.refuseNext("POST", callback, 40060);
    tokens.push(w.discord.runCommand("grok-usage").token);
    const duplicate = await lines.waitFor(
      (line) => line.msg === spent && line.code === 40060,
      5_000,
      "the 40060",
    );
    expect(duplicate.level).toBe(40);

    // 50027: the webhook token of a deferred reply is refused when the answer is sent.
    w.discord.refuseNext("PATCH", /\/webhooks\/\d+\/[^/]+\/messages\/@original/, 50027);
    tokens.push(w.discord.runCommand("grok-help").token);
    await lines.waitFor((line) => JSON.stringify(line).includes("50027"), 5_000, "the 50027");

    // TTAPI refuses the key (401) on a submit, as it did at start.
    tokens.push(w.discord.runCommand("grok-video", { prompt: "secret: two" }).token);
    await lines.waitFor(
      (line) => line.msg === "submit failed" && JSON.stringify(line).includes("401"),
      5_000,
      "the refused submit",
    );

    const log = text();
    // The refusals were logged, with their URLs: only the token segment is gone.
    expect(log).toMatch(/\/interactions\/\d+\/\[redacted\]\/callback/);
    expect(log).toMatch(/\/webhooks\/\d+\/\[redacted\]/);
    for (const secret of [...tokens, BOT_TOKEN, REFUSED_TTAPI_KEY]) {
      expect(log).not.toContain(secret);
    }
  });
});
