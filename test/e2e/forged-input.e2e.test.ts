import { describe, expect, it } from "vitest";
import type { FakeMessage } from "../../src/fakes/discord/fake-discord.js";
import { capturedLog } from "../support/captured-log.js";
import { en } from "../support/catalog-text.js";
import { answerTo, freePort, freshWorlds } from "../support/e2e-helpers.js";

const start = freshWorlds();

const cancelIdOf = (message: FakeMessage | undefined) =>
  (JSON.stringify(message?.components ?? []).match(/"custom_id":"(grok-video:cancel:[^"]+)"/) ??
    [])[1];

describe("forged payloads change nothing", () => {
  it("a Cancel whose custom_id names another message's job cancels nothing", async () => {
    const w = await start({ env: { MAX_ACTIVE_JOBS_PER_GUILD: "1" } });
    w.ttapi.scriptSubmits({ accept: true, steps: [{ status: "ON_QUEUE" }] });
    const running = w.discord.runCommand("grok-video", { prompt: "forged: running" });
    await w.ttapi.submits.waitFor(
      (s) => s.body.prompt === "forged: running" && s.jobId !== undefined,
    );
    const waiting = w.discord.runCommand("grok-video", { prompt: "forged: waiting" });
    await w.discord.calls.waitFor(
      () => cancelIdOf(w.discord.originalResponse(waiting.interactionId)) !== undefined,
      5_000,
      "the Cancel button",
    );
    const cancelId = cancelIdOf(w.discord.originalResponse(waiting.interactionId))!;
    // A moderator's click, on the other job's message, carrying the waiting job's id.
    const other = w.discord.originalResponse(running.interactionId)!;
    const click = w.discord.clickButton(other, cancelId, w.discord.users.moderator);
    expect(await answerTo(w, click)).toContain(en.cancelUnknown);
    const still = w.discord.originalResponse(waiting.interactionId)!;
    expect(still.embeds[0]?.title?.startsWith("⏸")).toBe(true);
  });

  it("a channel option from another server is refused, and the log stays where it was", async () => {
    const w = await start();
    const elsewhere = w.discord.addGuild();
    const foreign = elsewhere.channelIds[0]!;
    const owner = w.discord.users.owner;
    for (const path of ["log-channel set", "channels add"]) {
      const answer = await answerTo(
        w,
        w.discord.runCommand(`grok-settings ${path}`, { channel: { channelId: foreign } }, owner),
      );
      expect(answer, path).toBe("channel must be a channel of this server.");
    }
    const show = await answerTo(w, w.discord.runCommand("grok-settings show", {}, owner));
    expect(show).toContain(en.settingsLogChannel(null));
    expect(show).toContain(en.settingsChannels(en.settingsChannelsAnywhere));
  });

  it("a callback path that is not valid percent-encoding gets a 404 and no log line above debug", async () => {
    const { lines, logger } = capturedLog();
    const port = await freePort();
    await start({
      logger,
      env: { HOOK_PUBLIC_URL: `http://127.0.0.1:${port}`, HOOK_PORT: String(port) },
    });
    // The start's last line (the key check runs beside it) before the request.
    await lines.waitFor((line) => line.msg === "TTAPI accepted TTAPI_API_KEY", 5_000, "key check");
    const before = lines.entries.length;
    const response = await fetch(`http://127.0.0.1:${port}/ttapi-hook/%E0%A4%A/x`, {
      method: "POST",
    });
    expect(response.status).toBe(404);
    // Anything it logged would have been written by now: the answer comes after.
    expect(lines.entries.slice(before)).toEqual([]);
  });
});
