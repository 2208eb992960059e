import { describe, expect, it } from "vitest";
import { en } from "../support/catalog-text.js";
import { answerTo, finishedReply, freshWorlds } from "../support/e2e-helpers.js";

const start = freshWorlds();

/** Prompts that look like a blocked word to a person, but differ in code points. */
const DISGUISED = {
  "zero-width space": "a dra\u200Bgon",
  "zero-width joiner": "a dra\u200Dgon",
  "zero-width non-joiner": "a dra\u200Cgon",
  "word joiner": "a dra\u2060gon",
  "soft hyphen": "a dra\u00ADgon",
  BOM: "a dra\uFEFFgon",
  "combining grapheme joiner": "a dra\u034Fgon",
  "bidi override": "a dra\u202Egon\u202C",
  "tag characters": "a dra\u{E0067}\u{E006F}gon",
  accent: "a drago\u0301n",
  "Cyrillic а": "a dr\u0430gon",
  "Greek ο": "a drag\u03BFn",
  "zero-width space in Chinese": "一只熊\u200B猫",
  "Traditional Chinese": "一隻熊貓",
};

describe("blocked words see through disguises", () => {
  it("refuses every disguise of a blocked word before anything is sent, and a prompt with nothing visible", async () => {
    const w = await start();
    await answerTo(
      w,
      w.discord.runCommand(
        "grok-settings blocked-words add",
        { words: "dragon, 熊猫" },
        w.discord.users.owner,
      ),
    );
    for (const [how, prompt] of Object.entries(DISGUISED)) {
      const answer = await answerTo(w, w.discord.runCommand("grok-video", { prompt }));
      expect(answer, how).toContain(en.blockedPrompt);
    }
    const invisible = await answerTo(
      w,
      w.discord.runCommand("grok-video", { prompt: "\u200B".repeat(1_500) }),
    );
    expect(invisible).toContain(en.promptEmpty);
    expect(w.ttapi.submits.entries).toHaveLength(0);

    // Whole words still: a dragonfly is no dragon.
    const fly = w.discord.runCommand("grok-video", { prompt: "a dragonfly over a pond" });
    await finishedReply(w, fly.interactionId);
    expect(w.ttapi.submits.entries).toHaveLength(1);
  });
});
