import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { capturedLog } from "../support/captured-log.js";
import { ANY, en, fixedPart } from "../support/catalog-text.js";
import {
  answerTo,
  finishedReply,
  freshWorlds,
  shownVideo,
  submitsOf,
} from "../support/e2e-helpers.js";
import { storeBackends } from "../support/store-backends.js";

const backends = storeBackends();
const start = freshWorlds();
/** Shaped like nothing the log scrubs by shape: only never logging it keeps it out. */
const SERVER_KEY = "srv-own-ttapi-key-9f3c7Q2x9";

describe.each(backends)("a server's own TTAPI key, on $name", ({ prepare }) => {
  it("is checked, kept sealed, used for that server's submits and fetches, outside the operator's budget, and never shown or logged", async (context) => {
    const log = capturedLog("trace");
    const w = await start({
      storeUrl: await prepare(context),
      logger: log.logger,
      env: {
        LOG_LEVEL: "trace",
        SECRETS_KEY: randomBytes(32).toString("base64"),
        // One 10-second video (3 credits) fits the operator's budget; the server's own don't count.
        BOT_CREDIT_BUDGET: "3",
        MAX_ACTIVE_JOBS_PER_USER: "10",
        BALANCE_RECHECK_MINUTES: "60",
      },
    });
    const { discord, ttapi } = w;
    const { owner, alice } = discord.users;
    ttapi.addAccount(SERVER_KEY);
    const admin = (command: string) => answerTo(w, discord.runCommand(command, {}, owner));
    const enterKey = (key: string) =>
      answerTo(w, discord.submitModal("grok-video:api-key", { key }, owner));

    // The command opens a form (the key is never a command option).
    const opened = discord.runCommand("grok-settings api-key set", {}, owner);
    const form = await discord.calls.waitFor(
      (c) => c.path.includes(`/interactions/${opened.interactionId}/`) && c.body?.type === 9,
    );
    expect(JSON.stringify(form.body)).toContain("grok-video:api-key");

    // A key TTAPI refuses is not kept; a member without Manage Server cannot set one.
    expect(await enterKey("srv-wrong-key-0000")).toContain(en.apiKeyRefused);
    const forged = answerTo(
      w,
      discord.submitModal("grok-video:api-key", { key: SERVER_KEY }, alice),
    );
    expect(await forged).toContain(en.permissions.manageServer);
    expect(await enterKey(SERVER_KEY)).toContain(en.apiKeySaved("Q2x9"));
    expect(await admin("grok-settings show")).toContain(
      "TTAPI key: **this server's own (ending in Q2x9)**",
    );

    // Two videos in this server: its own account pays, the operator's budget is untouched.
    for (const prompt of ["own key: one", "own key: two"]) {
      const run = discord.runCommand("grok-video", { prompt, length: 10 }, alice);
      await finishedReply(w, run.interactionId);
      const [submit] = submitsOf(w, prompt);
      expect(submit?.apiKey).toBe(SERVER_KEY);
      const fetches = ttapi.fetches.filter((f) => f.jobId === submit?.jobId);
      expect(fetches.length).toBeGreaterThan(0);
      expect(fetches.every((f) => f.apiKey === SERVER_KEY)).toBe(true);
    }
    // Another server still pays with the operator's key (and fits its budget once).
    const elsewhere = discord.addGuild();
    const other = discord.runCommand(
      "grok-video",
      { prompt: "operator pays", length: 10 },
      alice,
      elsewhere,
    );
    await finishedReply(w, other.interactionId);
    expect(submitsOf(w, "operator pays")[0]?.apiKey).toBe("fake-ttapi-key");

    // The server's balance runs out: its requests fail saying so, its admin is told once.
    ttapi.setBalanceEmpty(SERVER_KEY, true);
    for (const prompt of ["own key: empty", "own key: still empty"]) {
      const run = discord.runCommand("grok-video", { prompt, length: 10 }, alice);
      const failed = await finishedReply(w, run.interactionId);
      expect(failed.content).toContain(en.failures.server_balance());
    }
    const dms = () =>
      discord.calls.filter(
        (c) => c.method === "POST" && c.path === `/channels/${discord.dmChannelId}/messages`,
      );
    await discord.calls.waitFor(() => dms().length === 1);
    expect(String(dms()[0]!.body?.content)).toContain(fixedPart(en.serverBalanceNotice(ANY)));

    // With a log channel, the admins hear it there instead (and the key's change is logged).
    const logChannel = discord.addChannel();
    await answerTo(
      w,
      discord.runCommand(
        "grok-settings log-channel set",
        { channel: { channelId: logChannel } },
        owner,
      ),
    );
    const logged = () =>
      discord.calls.filter(
        (c) => c.method === "POST" && c.path === `/channels/${logChannel}/messages`,
      );
    // The key is revoked at TTAPI: the same path, a message of its own.
    ttapi.revokeAccount(SERVER_KEY);
    const revoked = discord.runCommand("grok-video", { prompt: "own key: revoked" }, alice);
    expect((await finishedReply(w, revoked.interactionId)).content).toContain(
      "This server's own TTAPI key was not accepted",
    );
    await discord.calls.waitFor(() =>
      logged().some((c) => String(c.body?.content).includes("TTAPI refused the TTAPI key")),
    );
    expect(dms()).toHaveLength(1);
    expect(await admin("grok-settings api-key remove")).toContain(en.apiKeyRemoved);
    await discord.calls.waitFor(() =>
      logged().some((c) => String(c.body?.content).includes("removed this server's own TTAPI key")),
    );
    expect(await admin("grok-settings show")).toContain(en.settingsApiKey(null));

    // Never in a log line at any level, nor in anything the bot sent to Discord.
    expect(log.lines.filter((line) => line.msg === "server TTAPI key saved")).toHaveLength(1);
    expect(log.text()).not.toContain(SERVER_KEY);
    expect(JSON.stringify(discord.calls.entries)).not.toContain(SERVER_KEY);
    // Kept sealed: the store holds no copy of it in the clear.
    expect(
      JSON.stringify((await w.store.kv.get(`server-ttapi-key:${discord.guild.id}`)) ?? ""),
    ).not.toContain(SERVER_KEY);
  });

  it("finishes a video under way with the key it was made with, after the key is replaced or removed", async (context) => {
    const w = await start({
      storeUrl: await prepare(context),
      env: { SECRETS_KEY: randomBytes(32).toString("base64"), MAX_ACTIVE_JOBS_PER_USER: "10" },
    });
    const { discord, ttapi } = w;
    const { owner, alice } = discord.users;
    const [firstKey, secondKey] = [SERVER_KEY, "srv-rotated-ttapi-key-4Hq8"];
    for (const key of [firstKey, secondKey]) ttapi.addAccount(key);
    const enterKey = (key: string) =>
      answerTo(w, discord.submitModal("grok-video:api-key", { key }, owner));
    /** A video TTAPI keeps generating until told otherwise: its submit, then its finish. */
    const underWay = async (prompt: string) => {
      ttapi.scriptSubmits({ accept: true, steps: [{ status: "ON_QUEUE" }] });
      const run = discord.runCommand("grok-video", { prompt }, alice);
      const submit = await ttapi.submits.waitFor((s) => s.body.prompt === prompt && !!s.jobId);
      await ttapi.fetches.waitFor((f) => f.jobId === submit.jobId);
      return {
        apiKey: submit.apiKey,
        async finish() {
          ttapi.scriptJob(submit.jobId!, [{ status: "SUCCESS" }]);
          const reply = await finishedReply(w, run.interactionId);
          const fetchedWith = new Set(
            ttapi.fetches.filter((f) => f.jobId === submit.jobId).map((f) => f.apiKey),
          );
          return { reply, fetchedWith };
        },
      };
    };

    expect(await enterKey(firstKey)).toContain(en.apiKeySaved("Q2x9"));
    const before = await underWay("made before the key changed");
    expect(before.apiKey).toBe(firstKey);
    // The admin rotates the key: new videos use the new one, the one under way its own.
    expect(await enterKey(secondKey)).toContain(en.apiKeySaved("4Hq8"));
    const after = await underWay("made after the key changed");
    expect(after.apiKey).toBe(secondKey);
    for (const video of [before, after]) {
      const { reply, fetchedWith } = await video.finish();
      expect(shownVideo(reply).file).toBeDefined();
      expect(fetchedWith).toEqual(new Set([video.apiKey]));
    }

    // Removed: the video under way still arrives; the next one is the bot's to pay.
    const last = await underWay("made before the key was removed");
    expect(
      await answerTo(w, discord.runCommand("grok-settings api-key remove", {}, owner)),
    ).toContain(en.apiKeyRemoved);
    const { reply, fetchedWith } = await last.finish();
    expect(shownVideo(reply).file).toBeDefined();
    expect(fetchedWith).toEqual(new Set([secondKey]));
    const next = await underWay("made after the key was removed");
    expect(next.apiKey).toBe("fake-ttapi-key");

    // What is kept for the videos under way is sealed too.
    const entries = [];
    for await (const entry of w.store.entries()) entries.push(entry);
    const stored = JSON.stringify(entries);
    for (const key of [firstKey, secondKey]) expect(stored).not.toContain(key);
  });

  it("says the subcommand is off without SECRETS_KEY", async (context) => {
    const w = await start({ storeUrl: await prepare(context) });
    const answer = await answerTo(
      w,
      w.discord.runCommand("grok-settings api-key set", {}, w.discord.users.owner),
    );
    expect(answer).toContain(en.apiKeyOff);
  });
});
