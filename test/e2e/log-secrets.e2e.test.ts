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
    await lines.waitFor((line) => line.msg === "interaction failed", 5_000, "the 10062");
    // The bot's attempt to say so comes after the log line: let it pass first.
    await w.discord.calls.waitFor(
      () => w.discord.calls.filter(callbackOf(first.interactionId)).length === 2,
      5_000,
      "the answer to the 10062",
    );

    // 40060: another process acknowledged it first.
    w.discord.refuseNext("POST", callback, 40060);
    tokens.push(w.discord.runCommand("grok-usage").token);
    await lines.waitFor(
      (line) => line.msg === "interaction failed" && JSON.stringify(line).includes("40060"),
      5_000,
      "the 40060",
    );

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
