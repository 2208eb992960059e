import { describe, expect, it } from "vitest";
import { shown } from "../../src/views/member-text.js";

describe("member text as the bot shows it", () => {
  it.each([
    ["a timestamp", "<t:1700000000:R>"],
    ["a bare timestamp", "<t:1700000000>"],
    ["a custom emoji", "<:blob:123456789012345678>"],
    ["an animated emoji", "<a:dance:123456789012345678>"],
    ["a member mention", "<@123456789012345678>"],
    ["a nickname mention", "<@!123456789012345678>"],
    ["a role mention", "<@&123456789012345678>"],
    ["a channel", "<#123456789012345678>"],
    ["a slash command", "</grok-video:123456789012345678>"],
  ])("shows %s as typed, not rendered", (_what, typed) => {
    expect(shown(`look: ${typed}`, 200)).toBe(`look: \\${typed}`);
  });

  it("leaves other angle brackets alone", () => {
    expect(shown("a <3 b and <https://example.com>", 200)).not.toContain("\\<");
  });
});
