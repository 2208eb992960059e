/** Scripts written without spaces between words: a blocked entry matches anywhere. */
const UNSPACED =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;

/** Case- and width-insensitive form: full-width letters become ASCII, capitals small. */
export function foldText(text: string): string {
  return text.normalize("NFKC").toLocaleLowerCase("en-US").replace(/\s+/g, " ").trim();
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The first blocked entry the prompt contains, or undefined. Latin (and other spaced)
 * text matches on word boundaries, so "ass" does not block "class"; CJK matches as a
 * substring, since those scripts do not separate words.
 */
export function findBlocked(prompt: string, entries: readonly string[]): string | undefined {
  const text = foldText(prompt);
  return entries.find((entry) => {
    const word = foldText(entry);
    if (word === "") return false;
    if (UNSPACED.test(word)) return text.includes(word);
    return new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(word)}(?![\\p{L}\\p{N}])`, "u").test(text);
  });
}
