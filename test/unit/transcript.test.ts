import { describe, expect, it } from "vitest";
import { describeCall } from "../../src/demo/transcript.js";
import type { RestCall } from "../../src/fakes/discord/fake-discord.js";

const at = Date.UTC(2026, 11, 1);
const inThirtyDays = Math.round(at / 1000) + 30 * 86_400;

function edit(content: string, files: RestCall["files"] = []): RestCall {
  return {
    at,
    method: "PATCH",
    path: "/webhooks/1/token/messages/@original",
    query: new URLSearchParams(),
    body: { content },
    files,
    status: 200,
  };
}

describe("the demo's transcript", () => {
  it("shows an attached video where Discord plays it", () => {
    const text = describeCall(
      edit("[Download](<https://x/v.mp4>)", [{ name: "grok-video.mp4", size: 2_048 }]),
      new Map(),
      "en-US",
    );
    expect(text).toContain("▶ grok-video.mp4 (2 KB)");
  });

  it("renders relative times in the viewer's language, as Discord does", () => {
    const link = `TTAPI 的链接将于<t:${inThirtyDays}:R>失效`;
    expect(describeCall(edit(link), new Map(), "zh-CN")).toContain("TTAPI 的链接将于30天后失效");
    expect(describeCall(edit(`expires <t:${inThirtyDays}:R>`), new Map(), "en-US")).toContain(
      "expires in 30 days",
    );
  });
});
