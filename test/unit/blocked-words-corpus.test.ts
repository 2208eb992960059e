import { describe, expect, it } from "vitest";
import { findBlocked, foldText } from "../../src/services/guild-settings/blocked-words.js";
import { hasVisibleText } from "../../src/services/guild-settings/text-forms.js";
import { BLOCKED, DISGUISES, ORDINARY } from "../fixtures/blocked-words-corpus.js";

// Entries are stored folded, as `/grok-settings blocked-words add` keeps them.
const entries = BLOCKED.map(foldText);

describe("blocked words against a corpus in eight languages", () => {
  it("refuses every disguise and no ordinary word, and reports precision and recall", () => {
    expect(ORDINARY.length).toBeGreaterThanOrEqual(300);
    expect(DISGUISES.length).toBeGreaterThanOrEqual(150);
    const missed = DISGUISES.filter(([, prompt]) => findBlocked(prompt, entries) === undefined);
    const overBlocked = ORDINARY.flatMap((prompt) => {
      const entry = findBlocked(prompt, entries);
      return entry === undefined ? [] : [`${prompt} (as ${entry})`];
    });
    const caught = DISGUISES.length - missed.length;
    const recall = caught / DISGUISES.length;
    const precision = caught / (caught + overBlocked.length);
    console.log(
      `blocked words: recall ${(recall * 100).toFixed(1)}% (${caught}/${DISGUISES.length} disguises), precision ${(precision * 100).toFixed(1)}% (${overBlocked.length} of ${ORDINARY.length} ordinary refused)`,
    );
    expect({ missed: missed.map(([label]) => label), overBlocked }).toEqual({
      missed: [],
      overBlocked: [],
    });
  });

  it("counts a prompt of only combining marks or invisible characters as empty", () => {
    expect(hasVisibleText("\u0301".repeat(50))).toBe(false);
    expect(hasVisibleText("\u200b\u2800\u3164 \u0336")).toBe(false);
    expect(hasVisibleText("e\u0301")).toBe(true);
  });
});
