import { describe, expect, it } from "vitest";
import { FakeDiscord } from "../../src/fakes/discord/fake-discord.js";
import { FakeTtapi } from "../../src/fakes/ttapi/fake-ttapi.js";
import {
  type BotProcess,
  fakesEnv,
  oneOfTwoShards,
  startBotProcess,
} from "../support/bot-process.js";
import { ANY, en, fixedPart } from "../support/catalog-text.js";
import { answerTo, videoLinkIn } from "../support/e2e-helpers.js";
import { multiHostCleanup } from "../support/multi-host.js";
import { redisBackend } from "../support/store-backends.js";

const redis = redisBackend();
const { hosts, fakes } = multiHostCleanup();

describe("the operator's budget shared by two bot processes on one Redis", () => {
  it("lets two servers on different processes spend it together, then refuses in both", async (context) => {
    const storeUrl = await redis.prepare(context);
    const ttapi = new FakeTtapi({ apiKey: "budget-key" });
    const discord = new FakeDiscord();
    fakes.push(ttapi, discord);
    await Promise.all([ttapi.start(), discord.start()]);
    const guilds = [discord.addGuild(0, 2), discord.addGuild(1, 2)] as const;
    const host = (shard: number) => {
      const process = startBotProcess({
        ...fakesEnv({ discord, ttapi }, "budget-key"),
        STORE_URL: storeUrl,
        ...oneOfTwoShards(shard),
        TTAPI_POLL_INTERVAL_MS: "30",
        TTAPI_POLL_MAX_INTERVAL_MS: "100",
        // Two 10-second videos (3 credits each) fit, for all servers together.
        BOT_CREDIT_BUDGET: "6",
        BOT_BUDGET_PERIOD: "month",
      });
      hosts.push(process);
      return process;
    };
    const processes: BotProcess[] = [host(0), host(1)];
    await Promise.all(
      processes.map((p) =>
        p.logs.waitFor((l) => l.msg === "all shards ready", 30_000, "the process's shard"),
      ),
    );
    const video = (prompt: string, guild: (typeof guilds)[number]) =>
      discord.runCommand("grok-video", { prompt, length: 10 }, discord.users.alice, guild);

    // One video in each server, each served by its own process, at the same time.
    const made = [video("shared: one", guilds[0]), video("shared: two", guilds[1])];
    await discord.calls.waitFor(
      () => made.every((run) => videoLinkIn(discord.originalResponse(run.interactionId)?.content)),
      15_000,
      "both videos",
    );
    // The budget is spent for every server, whichever process serves it.
    for (const guild of guilds) {
      const refused = await answerTo({ discord }, video(`shared: more ${guild.id}`, guild));
      expect(refused).toContain(fixedPart(en.budgetSpent(ANY)));
    }
    expect(ttapi.submits.filter((s) => s.jobId !== undefined)).toHaveLength(2);
  }, 60_000);
});
