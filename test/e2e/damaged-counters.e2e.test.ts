import { describe, expect, it } from "vitest";
import { capturedLog } from "../support/captured-log.js";
import { ANY, en, fixedPart } from "../support/catalog-text.js";
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
  "a damaged usage counter never widens a limit, on $name",
  ({ prepare }) => {
    it.for([
      ["the server's total", "DEFAULT_GUILD_VIDEO_LIMIT", ":total", "not json{{"],
      ["a member's count", "DEFAULT_MEMBER_VIDEO_LIMIT", `:member:`, "[1,2,3]"],
    ] as const)(
      "%s: refused with a reason, logged once, counted again after /grok-quota reset",
      async ([, limit, suffix, raw], context) => {
        const storeUrl = await prepare(context);
        const log = capturedLog();
        const port = await freePort();
        const w = await start({
          storeUrl,
          logger: log.logger,
          env: { [limit]: "2", METRICS_PORT: String(port) },
        });
        await finishedReply(
          w,
          w.discord.runCommand("grok-video", { prompt: "counted: one" }).interactionId,
        );
        await damageStored(
          w,
          storeUrl,
          suffix === ":member:" ? `:member:${w.discord.users.alice.id}` : suffix,
          raw,
        );

        for (const n of [1, 2, 3]) {
          const refused = await answerTo(
            w,
            w.discord.runCommand("grok-video", { prompt: `damaged: ${n}` }),
          );
          expect(refused).toBe(
            en.quotaDamagedCounter(suffix === ":member:" ? "member" : "total", "admin"),
          );
        }
        expect(w.ttapi.submits.entries).toHaveLength(1);
        const errors = log.lines.entries.filter((line) => line.level >= 50);
        expect(errors).toHaveLength(1);
        // Seen by operators: /healthz names it (still healthy), /metrics counts it once.
        const health = await (await fetch(`http://127.0.0.1:${port}/healthz`)).json();
        expect(health).toMatchObject({
          status: "ok",
          damagedRecords: expect.stringMatching(/^1 /),
        });
        const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        expect(metrics).toContain('grok_records_set_aside_total{keyspace="quota_counter"} 1');
        expect(errors[0]!.msg).toContain("usage counter cannot be read");

        await answerTo(w, w.discord.runCommand("grok-quota reset", {}, w.discord.users.owner));
        await finishedReply(
          w,
          w.discord.runCommand("grok-video", { prompt: "counted again" }).interactionId,
        );
        await finishedReply(
          w,
          w.discord.runCommand("grok-video", { prompt: "counted again: two" }).interactionId,
        );
        // Counted from the reset: the limit of 2 holds again.
        const over = await answerTo(
          w,
          w.discord.runCommand("grok-video", { prompt: "one too many" }),
        );
        expect(over).toContain(
          fixedPart(
            limit === "DEFAULT_GUILD_VIDEO_LIMIT"
              ? en.quotaGuildVideos(2, ANY)
              : en.quotaMemberVideos(2, ANY),
          ),
        );
        expect(submitsOf(w, "one too many")).toHaveLength(0);
      },
    );

    it("the server's saved limits: refused rather than read as unlimited, until /grok-quota set writes them again", async (context) => {
      const storeUrl = await prepare(context);
      const log = capturedLog();
      const w = await start({ storeUrl, logger: log.logger });
      const { owner } = w.discord.users;
      await answerTo(w, w.discord.runCommand("grok-quota set", { member_videos: 1 }, owner));
      await finishedReply(
        w,
        w.discord.runCommand("grok-video", { prompt: "limited: one" }).interactionId,
      );
      // Damaged while it runs, read after a restart (a running bot holds its limits cached).
      await damageStored(w, storeUrl, w.discord.guild.id, '{"value":[1,2,3]}', "quota-settings:");
      await w.restartBot();

      for (const n of [1, 2]) {
        const refused = await answerTo(
          w,
          w.discord.runCommand("grok-video", { prompt: `unread limits: ${n}` }),
        );
        expect(refused).toBe(en.quotaDamagedSettings);
      }
      expect(w.ttapi.submits.entries).toHaveLength(1);
      expect(log.lines.entries.filter((line) => line.level >= 50).map((line) => line.msg)).toEqual([
        expect.stringContaining("quota settings cannot be read"),
      ]);

      // An admin sets them again: counted as before, the member's second video is the last.
      await answerTo(w, w.discord.runCommand("grok-quota set", { member_videos: 2 }, owner));
      await finishedReply(
        w,
        w.discord.runCommand("grok-video", { prompt: "limited: two" }).interactionId,
      );
      const over = await answerTo(
        w,
        w.discord.runCommand("grok-video", { prompt: "limited: three" }),
      );
      expect(over).toContain(fixedPart(en.quotaMemberVideos(2, ANY)));
    });
  },
);
