import { describe, expect, it } from "vitest";
import { en } from "../support/catalog-text.js";
import { answerTo, finishedReply, freshWorlds, submitsOf } from "../support/e2e-helpers.js";
import { storeBackends } from "../support/store-backends.js";

const backends = storeBackends();
const start = freshWorlds();

describe.each(backends)(
  "the operator's ceilings over a server's own limits, on $name",
  ({ prepare }) => {
    it("caps a server that made itself unlimited, or set more, and says the ceiling applies", async (context) => {
      const w = await start({
        storeUrl: await prepare(context),
        env: {
          SERVER_VIDEO_CEILING: "2",
          DEFAULT_QUOTA_PERIOD: "day",
          MAX_ACTIVE_JOBS_PER_USER: "10",
        },
      });
      const admin = (command: string, options = {}) =>
        answerTo(w, w.discord.runCommand(command, options, w.discord.users.owner));

      // The server's admin asks for more than the operator allows, then for no limit at all.
      const saved = await admin("grok-quota set", { server_videos: 50, period: "month" });
      expect(saved).toContain(en.settingsLimits.guildVideos(en.ceilingApplies(en.videos(2))));
      expect(saved).toContain(en.settingsPeriod(en.periodNames.day));
      const cleared = await admin("grok-quota clear", { limit: "all" });
      expect(cleared).toContain("**2 videos (the bot's ceiling)**");
      expect(cleared).toContain(en.settingsCeilings);

      for (const prompt of ["ceiling: one", "ceiling: two"]) {
        await finishedReply(w, w.discord.runCommand("grok-video", { prompt }).interactionId);
      }
      const third = w.discord.runCommand("grok-video", { prompt: "ceiling: three" });
      expect(await answerTo(w, third)).toMatch(/This server has used all 2 videos/);
      expect(submitsOf(w, "ceiling: three")).toHaveLength(0);
      expect(await admin("grok-quota show")).toContain("(the bot's ceiling)");
    });
  },
);
