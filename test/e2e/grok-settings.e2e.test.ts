import { Locale } from "discord-api-types/v10";
import { describe, expect, it } from "vitest";
import type { FakeOptionValue, FakeUser } from "../../src/fakes/discord/discord-payloads.js";
import { PERMISSIONS, type RestCall } from "../../src/fakes/discord/fake-discord.js";
import type { FakeWorld } from "../../src/fakes/fake-world.js";
import { zhCN } from "../../src/i18n/zh-cn.js";
import { RETRY_BUTTON_ID } from "../../src/interactions/custom-ids.js";
import { en } from "../support/catalog-text.js";
import {
  answerTo,
  finishedReply,
  finishedRetryOf,
  freshWorlds,
  submitsOf,
} from "../support/e2e-helpers.js";

const start = freshWorlds();

function settings(
  w: FakeWorld,
  path: string,
  options: Record<string, FakeOptionValue> = {},
  user: FakeUser = w.discord.users.owner,
) {
  return answerTo(w, w.discord.runCommand(`grok-settings ${path}`, options, user));
}

const postedIn = (channelId: string) => (call: RestCall) =>
  call.method === "POST" && call.path === `/channels/${channelId}/messages`;

describe("/grok-settings", () => {
  it("restricts /grok-video, 🔁 and Retry to the chosen channels, and allows them there", async () => {
    const w = await start();
    const original = await finishedReply(
      w,
      w.discord.runCommand("grok-video", { prompt: "where: before" }).interactionId,
    );
    const studio = w.discord.addChannel();
    expect(await settings(w, "channels add", { channel: { channelId: studio } })).toContain(
      `<#${studio}>`,
    );

    const here = w.discord.runCommand("grok-video", { prompt: "where: general" });
    expect(await answerTo(w, here)).toContain(`Videos can be made in <#${studio}>`);
    w.discord.react(original.id, "🔁");
    await w.discord.calls.waitFor(
      (c) => c.method === "POST" && String(c.body?.content).includes(`<#${studio}>`),
      5_000,
      "the 🔁 notice",
    );
    const click = w.discord.clickButton(original, RETRY_BUTTON_ID);
    expect(await answerTo(w, click)).toContain(`<#${studio}>`);
    expect(submitsOf(w, "where: general")).toHaveLength(0);
    expect(submitsOf(w, "where: before")).toHaveLength(1);

    const there = w.discord.runCommand("grok-video", { prompt: "where: studio" }, undefined, {
      channelId: studio,
    });
    const inStudio = await finishedReply(w, there.interactionId);
    expect(submitsOf(w, "where: studio")).toHaveLength(1);
    w.discord.react(inStudio.id, "🔁");
    await w.ttapi.submits.waitFor(() => submitsOf(w, "where: studio").length === 2, 5_000);
    const again = await finishedRetryOf(w, inStudio.id);
    const click2 = w.discord.clickButton(again, RETRY_BUTTON_ID);
    expect(await answerTo(w, click2)).toContain(en.retryStarted);
    expect(submitsOf(w, "where: studio")).toHaveLength(3);
  });

  it("refuses a blocked prompt with no TTAPI call and no quota used, in English and in Chinese", async () => {
    const w = await start({ env: { DEFAULT_MEMBER_VIDEO_LIMIT: "3" } });
    expect(await settings(w, "blocked-words add", { words: "Dragon, 熊猫" })).toContain(
      "Added 2 entries",
    );
    for (const prompt of ["a DRAGON over Paris", "ａ ｄｒａｇｏｎ"]) {
      const refused = await answerTo(w, w.discord.runCommand("grok-video", { prompt }));
      expect(refused).toContain(en.blockedPrompt);
      expect(refused.toLowerCase()).not.toContain("dragon");
    }
    const li = w.discord.addMember("li", PERMISSIONS.member, Locale.ChineseCN);
    const chinese = w.discord.runCommand("grok-video", { prompt: "一只熊猫在跳舞" }, li);
    expect(await answerTo(w, chinese)).toContain(zhCN.blockedPrompt);
    expect(w.ttapi.submits.entries).toHaveLength(0);

    // Latin entries match whole words only: a dragonfly is fine.
    await finishedReply(
      w,
      w.discord.runCommand("grok-video", { prompt: "a dragonfly" }).interactionId,
    );
    expect(w.ttapi.submits.entries).toHaveLength(1);
    const usage = await answerTo(w, w.discord.runCommand("grok-usage"));
    expect(usage).toContain(en.allowanceYou(2, 3));
  });

  it("posts every job event and change to the log channel, pinging nobody; a lost channel breaks nothing", async () => {
    const w = await start();
    const { owner, alice } = w.discord.users;
    const log = w.discord.addChannel();
    await settings(w, "log-channel set", { channel: { channelId: log } });
    await finishedReply(
      w,
      w.discord.runCommand("grok-video", { prompt: "log: a heron" }).interactionId,
    );
    await finishedReply(
      w,
      w.discord.runCommand("grok-video", { prompt: "log: rain [fail]" }).interactionId,
    );
    await answerTo(w, w.discord.runCommand("grok-quota set", { member_videos: 5 }, owner));
    await w.discord.calls.waitFor(
      () => w.discord.calls.filter(postedIn(log)).length === 6,
      5_000,
      "six log lines",
    );
    const lines = w.discord.calls.filter(postedIn(log)).map((c) => String(c.body?.content));
    expect(lines).toEqual([
      expect.stringMatching(
        new RegExp(`^⚙️ <@${owner.id}> changed the settings: .*Log channel: \\*\\*<#${log}>`),
      ),
      expect.stringMatching(
        new RegExp(`^🎬 <@${alice.id}> asked for “log: a heron” · 16:9 · 10 s$`),
      ),
      expect.stringMatching(
        /^✅ .*“log: a heron” made · 3 credits · https:\/\/discord\.com\/channels\//,
      ),
      expect.stringMatching(/^🎬 .*“log: rain \[fail\]”/),
      expect.stringMatching(/^❌ .*“log: rain \[fail\]” · The video could not be generated\./),
      expect.stringMatching(
        new RegExp(
          `^⚖️ <@${owner.id}> changed the limits: .*Videos per member per period: \\*\\*5 videos`,
        ),
      ),
    ]);
    for (const call of w.discord.calls.filter(postedIn(log))) {
      expect(call.body?.allowed_mentions).toMatchObject({ parse: [] });
    }

    // The bot loses the log channel: videos are still made; the admin is told once.
    w.discord.denyChannel(log);
    await finishedReply(
      w,
      w.discord.runCommand("grok-video", { prompt: "log: lost 1" }).interactionId,
    );
    await finishedReply(
      w,
      w.discord.runCommand("grok-video", { prompt: "log: lost 2" }).interactionId,
    );
    const told = await w.discord.calls.waitFor(
      (c) =>
        postedIn(w.discord.dmChannelId)(c) && String(c.body?.content).includes("I cannot post in"),
      5_000,
      "the message to the admin",
    );
    expect(String(told.body?.content)).toContain(`<#${log}>`);
    expect(w.discord.calls.filter(postedIn(w.discord.dmChannelId))).toHaveLength(1);
    expect(w.discord.calls.filter((c) => postedIn(log)(c) && c.status === 403)).toHaveLength(1);
  });

  it("refuses every subcommand to a member without Manage Server, whatever the default permissions say", async () => {
    const w = await start();
    const paths: [string, Record<string, FakeOptionValue>][] = [
      ["channels add", { channel: { channelId: w.discord.channelId } }],
      ["channels remove", { channel: { channelId: w.discord.channelId } }],
      ["channels clear", {}],
      ["blocked-words add", { words: "x" }],
      ["blocked-words remove", { words: "x" }],
      ["blocked-words list", {}],
      ["log-channel set", { channel: { channelId: w.discord.channelId } }],
      ["log-channel off", {}],
      ["show", {}],
    ];
    for (const [path, options] of paths) {
      const answer = await settings(w, path, options, w.discord.users.alice);
      expect(answer, path).toBe(
        "You need the **Manage Server** permission in this server to do that.",
      );
    }
    expect(await settings(w, "show")).toContain(en.settingsChannels(en.settingsChannelsAnywhere));
  });
});
