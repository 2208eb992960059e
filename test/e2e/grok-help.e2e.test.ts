import { Locale } from "discord-api-types/v10";
import { describe, expect, it } from "vitest";
import { PERMISSIONS } from "../../src/fakes/discord/fake-discord.js";
import { zhCN } from "../../src/i18n/zh-cn.js";
import { en } from "../support/catalog-text.js";
import { answerTo, freshWorlds } from "../support/e2e-helpers.js";

const start = freshWorlds();

describe("/grok-help", () => {
  it("tells a member privately how to use the bot and what they have left, in their language", async () => {
    const w = await start({ env: { DEFAULT_MEMBER_VIDEO_LIMIT: "3" } });
    const asked = w.discord.runCommand("grok-help");
    const help = await answerTo(w, asked);
    expect(w.discord.originalResponse(asked.interactionId)?.ephemeral).toBe(true);
    expect(help).toContain(en.help.make[0]);
    expect(help).toContain(en.help.buttons[0]);
    // Every button a finished video carries is explained: Retry, Cancel, Remix.
    for (const button of ["**Retry**", "**Cancel**", "**Remix**"]) expect(help).toContain(button);
    expect(help).toContain(en.help.limitsTitle);
    expect(help).toContain(en.allowanceYou(3, 3));
    expect(help).not.toContain("/grok-quota");

    const li = w.discord.addMember("li", PERMISSIONS.member, Locale.ChineseCN);
    const chinese = await answerTo(w, w.discord.runCommand("grok-help", {}, li));
    expect(chinese).toContain(zhCN.help.makeTitle);
    expect(chinese).toContain(zhCN.help.limitsTitle);
    expect(chinese).not.toContain(en.help.makeTitle);
  });

  it("adds the admin commands for a member with Manage Server", async () => {
    const w = await start();
    const help = await answerTo(w, w.discord.runCommand("grok-help", {}, w.discord.users.owner));
    expect(help).toContain(en.help.adminTitle);
    expect(help).toContain(en.help.admin[0]);
    expect(help).toContain(en.usageNoLimits);
    expect(help.length).toBeLessThanOrEqual(2_000);
  });
});
