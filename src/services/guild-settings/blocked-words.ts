import { entryForm, readingsOf } from "./text-forms.js";

/** Scripts written without spaces between words: a blocked entry matches anywhere. */
const UNSPACED =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;

/** Case- and width-insensitive form, as entries are stored: capitals small, spaces single. */
export function foldText(text: string): string {
  return text.normalize("NFKC").toLocaleLowerCase("en-US").replace(/\s+/g, " ").trim();
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

type Matcher = (form: string) => boolean;

function matcherOf(entry: string): Matcher | undefined {
  const word = entryForm(entry);
  if (word === "") return undefined;
  if (UNSPACED.test(word)) return (form) => form.includes(word);
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(word)}(?![\\p{L}\\p{N}])`, "u");
  return (form) => pattern.test(form);
}

/** Entries compiled once per list: a server's list is read from a cache, the same array. */
const compiled = new WeakMap<readonly string[], (Matcher | undefined)[]>();

/**
 * The first blocked entry the prompt contains, or undefined, in any form the prompt may be
 * read in (see text-forms: markup, invisible characters, letter disguises, look-alikes,
 * reversed or upside-down text, Japanese/Traditional/Simplified variants). Spaced scripts
 * match whole words, so "ass" does not block "class" nor "bum" "burn"; scripts without
 * spaces match anywhere. Leetspeak, plurals and letters spaced apart are not matched.
 */
export function findBlocked(prompt: string, entries: readonly string[]): string | undefined {
  if (entries.length === 0) return undefined;
  let matchers = compiled.get(entries);
  if (!matchers) {
    matchers = entries.map(matcherOf);
    compiled.set(entries, matchers);
  }
  const forms = readingsOf(prompt);
  const found = matchers.findIndex((matches) => matches && forms.some(matches));
  return found === -1 ? undefined : entries[found];
}
