import { Locale, MessageFlags } from "discord-api-types/v10";
import { describe, expect, it } from "vitest";
import { PERMISSIONS } from "../../src/fakes/discord/fake-discord.js";
import { callbackOf, finishedReply, freshWorlds } from "../support/e2e-helpers.js";

const start = freshWorlds();

describe("replies in the member's language", () => {
  it("answers a zh-CN member in Chinese from the first status to the video, and English stays English", async () => {
    const w = await start({ env: { DEFAULT_MEMBER_VIDEO_LIMIT: "3" } });
    const li = w.discord.addMember("li", PERMISSIONS.member, Locale.ChineseCN);
    w.ttapi.scriptSubmits({ accept: true, steps: [{ status: "ON_QUEUE" }] });
    const { interactionId } = w.discord.runCommand("grok-video", { prompt: "zh: 熊猫" }, li);
    await w.discord.calls.waitFor(
      () =>
        w.discord.originalResponse(interactionId)?.embeds[0]?.title === "🕒 正在 TTAPI 队列中等待…",
      5_000,
      "the queued status in Chinese",
    );
    const { jobId } = await w.ttapi.submits.waitFor((s) => s.body.prompt === "zh: 熊猫");
    w.ttapi.scriptJob(jobId!, [{ status: "SUCCESS" }]);
    const reply = await finishedReply(w, interactionId);
    expect(reply.embeds[0]?.title).toBe("✅ 你的视频已生成");
    expect(reply.embeds[0]?.fields?.map((field) => field.name)).toContain("宽高比");
    expect(reply.embeds[0]?.footer?.text).toContain("今天剩余：你：2/3 个视频");
    expect(reply.content).toMatch(/^\[下载\]\(<.+\.mp4>\) · TTAPI 的链接将于<t:\d+:R>失效$/);
    expect(JSON.stringify(reply.components)).toContain('"label":"重试"');

    const english = await finishedReply(
      w,
      w.discord.runCommand("grok-video", { prompt: "en: a panda" }).interactionId,
    );
    expect(english.embeds[0]?.title).toBe("✅ Your video is ready");
  });

  it("tells a zh-CN member why in Chinese: TTAPI's failure, and options to fix", async () => {
    const w = await start();
    const li = w.discord.addMember("li", PERMISSIONS.member, Locale.ChineseCN);
    const failed = await finishedReply(
      w,
      w.discord.runCommand("grok-video", { prompt: "zh: a storm [fail]" }, li).interactionId,
    );
    expect(failed.content).toContain("❌ 这次没能生成视频 — 视频未能生成。");
    expect(failed.content).toContain("这次没有占用你的额度。");

    const invalid = w.discord.runCommand("grok-video", { prompt: "zh: 猫", length: 5 }, li);
    const answer = await w.discord.calls.waitFor(callbackOf(invalid.interactionId), 5_000);
    const data = (answer.body?.data ?? {}) as { content?: string; flags?: number };
    expect(data.content).toBe("暂时无法执行：\n• 时长必须在 10 到 30 秒之间。");
    expect(data.flags).toBe(MessageFlags.Ephemeral);
  });

  it("answers a ja member in Japanese from the first status to the video", async () => {
    const w = await start({ env: { DEFAULT_MEMBER_VIDEO_LIMIT: "3" } });
    const aoi = w.discord.addMember("aoi", PERMISSIONS.member, Locale.Japanese);
    w.ttapi.scriptSubmits({ accept: true, steps: [{ status: "ON_QUEUE" }] });
    const { interactionId } = w.discord.runCommand("grok-video", { prompt: "ja: 猫" }, aoi);
    await w.discord.calls.waitFor(
      () =>
        w.discord.originalResponse(interactionId)?.embeds[0]?.title ===
        "🕒 TTAPI のキューで待機中…",
      5_000,
      "the queued status in Japanese",
    );
    const { jobId } = await w.ttapi.submits.waitFor((s) => s.body.prompt === "ja: 猫");
    w.ttapi.scriptJob(jobId!, [{ status: "SUCCESS" }]);
    const reply = await finishedReply(w, interactionId);
    expect(reply.embeds[0]?.title).toBe("✅ 動画ができました");
    expect(reply.embeds[0]?.fields?.map((field) => field.name)).toContain("アスペクト比");
    expect(reply.embeds[0]?.footer?.text).toContain("今日の残り: あなた: 2/3 本");
    expect(reply.content).toMatch(
      /^\[ダウンロード\]\(<.+\.mp4>\) · TTAPI のリンクは<t:\d+:R>に失効します$/,
    );
    expect(JSON.stringify(reply.components)).toContain('"label":"もう一度"');

    const invalid = w.discord.runCommand("grok-video", { prompt: "ja: 犬", length: 5 }, aoi);
    const answer = await w.discord.calls.waitFor(callbackOf(invalid.interactionId), 5_000);
    const data = (answer.body?.data ?? {}) as { content?: string };
    expect(data.content).toBe("まだ実行できません:\n• 長さは 10〜30 秒にしてください。");
  });
});
