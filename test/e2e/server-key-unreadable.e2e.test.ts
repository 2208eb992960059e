import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { catalogFor } from "../../src/i18n/catalog.js";
import { capturedLog } from "../support/captured-log.js";
import { ANY, fixedPart } from "../support/catalog-text.js";
import { damageStored } from "../support/damage-stored.js";
import { answerTo, finishedReply, freshWorlds, submitsOf } from "../support/e2e-helpers.js";
import { storeBackends } from "../support/store-backends.js";

const start = freshWorlds();
const SERVER_KEY = "srv-own-ttapi-key-5d2e8R1y4";
const newSecretsKey = () => randomBytes(32).toString("base64");

describe.each(storeBackends())(
  "SECRETS_KEY changed without SECRETS_KEY_PREVIOUS, on $name",
  ({ prepare }) => {
    it("a server whose key can no longer be opened is refused and its admins told, never paid for by the operator", async (context) => {
      const log = capturedLog();
      const w = await start({
        storeUrl: await prepare(context),
        logger: log.logger,
        env: { SECRETS_KEY: newSecretsKey(), BALANCE_RECHECK_MINUTES: "60" },
      });
      const { discord, ttapi } = w;
      ttapi.addAccount(SERVER_KEY);
      await answerTo(
        w,
        discord.submitModal("grok-video:api-key", { key: SERVER_KEY }, discord.users.owner),
      );
      await finishedReply(
        w,
        discord.runCommand("grok-video", { prompt: "own key: before" }).interactionId,
      );
      expect(submitsOf(w, "own key: before")[0]?.apiKey).toBe(SERVER_KEY);

      // The operator replaces SECRETS_KEY and forgets SECRETS_KEY_PREVIOUS.
      await w.restartBot(undefined, { SECRETS_KEY: newSecretsKey() });
      for (const prompt of ["unreadable: one", "unreadable: two"]) {
        const refused = await answerTo(w, discord.runCommand("grok-video", { prompt }));
        expect(refused).toBe(catalogFor(null).serverKeyUnreadable);
        expect(submitsOf(w, prompt)).toEqual([]);
      }
      // Its admin (who set the key) is told once, by DM.
      const notice = fixedPart(catalogFor(null).serverKeyUnreadableNotice(ANY));
      const notices = await discord.calls.waitFor(
        (call) => call.method === "POST" && String(call.body?.content).includes(notice),
        5_000,
        "the admins' notice",
      );
      expect(notices.path).toMatch(/^\/channels\/\d+\/messages$/);
      const told = discord.calls.filter((call) => String(call.body?.content).includes(notice));
      expect(told).toHaveLength(1);

      // Setting the key again: its videos are made with it again.
      await answerTo(
        w,
        discord.submitModal("grok-video:api-key", { key: SERVER_KEY }, discord.users.owner),
      );
      await finishedReply(
        w,
        discord.runCommand("grok-video", { prompt: "own key: after" }).interactionId,
      );
      expect(submitsOf(w, "own key: after")[0]?.apiKey).toBe(SERVER_KEY);
    });

    it("a server whose key record is damaged is refused, never paid for by the operator, until its admins set it again", async (context) => {
      const storeUrl = await prepare(context);
      const log = capturedLog();
      const w = await start({
        storeUrl,
        logger: log.logger,
        env: { SECRETS_KEY: newSecretsKey() },
      });
      const { discord, ttapi } = w;
      const t = catalogFor(null);
      ttapi.addAccount(SERVER_KEY);
      await answerTo(
        w,
        discord.submitModal("grok-video:api-key", { key: SERVER_KEY }, discord.users.owner),
      );
      await damageStored(w, storeUrl, discord.guild.id, "not json{{", "server-ttapi-key:");
      await w.restartBot();
      for (const prompt of ["damaged key: one", "damaged key: two"]) {
        const refused = await answerTo(w, discord.runCommand("grok-video", { prompt }));
        expect(refused).toBe(t.serverKeyUnreadable);
      }
      expect(ttapi.submits.entries).toEqual([]);
      expect(log.lines.entries.filter((line) => line.level >= 50).map((line) => line.msg)).toEqual([
        expect.stringContaining("key record cannot be read"),
      ]);

      await answerTo(
        w,
        discord.submitModal("grok-video:api-key", { key: SERVER_KEY }, discord.users.owner),
      );
      await finishedReply(
        w,
        discord.runCommand("grok-video", { prompt: "own key: repaired" }).interactionId,
      );
      expect(submitsOf(w, "own key: repaired")[0]?.apiKey).toBe(SERVER_KEY);
    });
  },
);
