import { describe, expect, it } from "vitest";
import { catalogFor } from "../../src/i18n/catalog.js";
import { capturedLog } from "../support/captured-log.js";
import { damageStored } from "../support/damage-stored.js";
import {
  answerTo,
  finishedReply,
  freePort,
  freshWorlds,
  submitsOf,
} from "../support/e2e-helpers.js";
import { storeBackends } from "../support/store-backends.js";

const start = freshWorlds();

describe.each(storeBackends())(
  "a server's damaged settings never open it up, on $name",
  ({ prepare }) => {
    it("refused rather than read as no rules, seen by operators, until an admin changes them", async (context) => {
      const storeUrl = await prepare(context);
      const log = capturedLog();
      const port = await freePort();
      const w = await start({ storeUrl, logger: log.logger, env: { METRICS_PORT: String(port) } });
      const { discord } = w;
      const { owner } = discord.users;
      const t = catalogFor(null);
      await answerTo(
        w,
        discord.runCommand("grok-settings blocked-words add", { words: "dragon" }, owner),
      );
      await damageStored(w, storeUrl, discord.guild.id, '{"value":[1,2,3]}', "guild-settings:");
      await w.restartBot();

      // Read as "no rules", the blocked word would go to TTAPI.
      for (const prompt of ["a dragon", "a cat"]) {
        const refused = await answerTo(w, discord.runCommand("grok-video", { prompt }));
        expect(refused).toBe(t.guildSettingsDamaged);
      }
      expect(w.ttapi.submits.entries).toEqual([]);
      expect(log.lines.entries.filter((line) => line.level >= 50).map((line) => line.msg)).toEqual([
        expect.stringContaining("server's settings cannot be read"),
      ]);
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).toContain('grok_records_set_aside_total{keyspace="guild_settings"} 1');

      await answerTo(
        w,
        discord.runCommand("grok-settings blocked-words add", { words: "dragon" }, owner),
      );
      expect(
        await answerTo(w, discord.runCommand("grok-video", { prompt: "a dragon again" })),
      ).toBe(t.blockedPrompt);
      await finishedReply(
        w,
        discord.runCommand("grok-video", { prompt: "a cat again" }).interactionId,
      );
      expect(submitsOf(w, "a cat again")).toHaveLength(1);
    });
  },
);
