import { Converter } from "opencc-js/t2cn";
import unhomoglyph from "unhomoglyph";

/** Scripts written without spaces between words: a blocked entry matches anywhere. */
const UNSPACED =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;

/** Case- and width-insensitive form: full-width letters become ASCII, capitals small. */
export function foldText(text: string): string {
  return text.normalize("NFKC").toLocaleLowerCase("en-US").replace(/\s+/g, " ").trim();
}

/** Code points that render as nothing: zero-width (non-)joiners and spaces, soft hyphens, BOMs, bidi controls, tags… */
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/gu;
const toSimplified = Converter({ from: "t", to: "cn" });

/** Whether text has anything a person can see (not only invisible characters and spaces). */
export function hasVisibleText(text: string): boolean {
  return text.replace(INVISIBLE, "").trim() !== "";
}

/**
 * What a text looks like, for matching blocked entries: folded, without invisible code
 * points and accents, each look-alike mapped to one prototype (Unicode's confusables,
 * UTS #39, through `unhomoglyph`), Traditional Chinese as Simplified (OpenCC). Two texts
 * a person cannot tell apart get the same skeleton.
 */
export function skeleton(text: string): string {
  // Invisible first: JavaScript counts a BOM as white space, which would split the word.
  const visible = foldText(text.replace(INVISIBLE, ""));
  const unmarked = visible.normalize("NFD").replace(/\p{M}/gu, "");
  return toSimplified(unhomoglyph(unmarked)).toLocaleLowerCase("en-US");
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The first blocked entry the prompt contains, or undefined, compared as skeletons (so
 * invisible characters, accents and look-alike letters hide nothing). Latin (and other
 * spaced) text matches on word boundaries, so "ass" does not block "class"; CJK matches
 * as a substring, since those scripts do not separate words. Leetspeak, plurals and
 * spacing are a word list's known limits.
 */
export function findBlocked(prompt: string, entries: readonly string[]): string | undefined {
  const text = skeleton(prompt);
  return entries.find((entry) => {
    const word = skeleton(entry);
    if (word === "") return false;
    if (UNSPACED.test(word)) return text.includes(word);
    return new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(word)}(?![\\p{L}\\p{N}])`, "u").test(text);
  });
}
