import { ConverterFactory } from "opencc-js/core";
import JP_SHINJITAI from "opencc-js/dict/JPShinjitaiCharacters";
import SIMPLIFIED from "opencc-js/dict/STCharacters";
import unhomoglyph from "unhomoglyph";

/**
 * The forms in which a reader (a person, or the video model) may read a text, for
 * matching blocked words: each is lowercase, width- and accent-free, with markup,
 * invisible characters and unmistakable letter disguises undone. Look-alikes from other
 * scripts are only read as Latin inside a word that mixes scripts or reads wholly as
 * Latin, so ordinary Greek, Russian or Armenian text keeps its own letters, and Latin
 * text is never re-read through the confusables table ("burn" stays "burn", not "bum").
 */

/** Code points that render as nothing, and the braille blank that renders as a space. */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\u2800]/gu;
/** Controls that make text display in another order than it is stored. */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
/** Discord markdown a word can be split with and still read whole: **, __, ~~, ||, `. */
const MARKUP = /[*_~|`]/g;

/** Letters that NFKC leaves alone though nobody reads them as anything but a-z. */
const LETTER_DISGUISES: readonly [first: number, last: number, toA: number][] = [
  [0x249c, 0x24b5, 0x61], // ⒜ parenthesized
  [0x1f130, 0x1f149, 0x61], // 🄰 squared
  [0x1f150, 0x1f169, 0x61], // 🅐 negative circled
  [0x1f170, 0x1f189, 0x61], // 🅰 negative squared
  [0x1f1e6, 0x1f1ff, 0x61], // 🇦 regional indicators
];
const SMALL_CAPITALS: Readonly<Record<string, string>> = Object.fromEntries(
  [..."ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘꞯʀꜱᴛᴜᴠᴡʏᴢ"].map((letter, i) => [letter, "abcdefghijklmnopqrstuvwyz"[i]!]),
);
/** Upside-down letters, read after the text is turned back round. */
const UPSIDE_DOWN: Readonly<Record<string, string>> = {
  ɐ: "a",
  q: "b",
  ɔ: "c",
  p: "d",
  ǝ: "e",
  ɟ: "f",
  ƃ: "g",
  ɓ: "g",
  ɥ: "h",
  ᴉ: "i",
  ı: "i",
  ɾ: "j",
  ʞ: "k",
  ɯ: "m",
  u: "n",
  d: "p",
  b: "q",
  ɹ: "r",
  ʇ: "t",
  n: "u",
  ʌ: "v",
  ʍ: "w",
  ʎ: "y",
};
const TURNED = /[ɐɔǝɟƃɓɥᴉɾʞɯɹʇʌʍʎ]/u;

function undoLetterDisguises(text: string): string {
  let out = "";
  for (const char of text) {
    const code = char.codePointAt(0)!;
    const range = LETTER_DISGUISES.find(([first, last]) => code >= first && code <= last);
    out += range
      ? String.fromCodePoint(range[2] + code - range[0])
      : (SMALL_CAPITALS[char] ?? char);
  }
  return out;
}

/** Accents and overlays off, except the kana's voicing marks, which change the word. */
const stripMarks = (text: string) =>
  text
    .normalize("NFD")
    .replace(/(?<![\p{Script=Hiragana}\p{Script=Katakana}])\p{M}+/gu, "")
    .normalize("NFC");

/** The folded form: what every other form starts from; line breaks kept. */
function folded(text: string): string {
  const bare = text.replace(INVISIBLE, "").replace(MARKUP, "");
  return stripMarks(undoLetterDisguises(bare).normalize("NFKC").toLocaleLowerCase("en-US"));
}

/** Prototypes the confusables table gives that are themselves read as a plain letter. */
const NEAR_LATIN: Readonly<Record<string, string>> = { ĸ: "k", ı: "i", ȷ: "j", ɑ: "a", ɡ: "g" };

/** A character of another script read as the Latin letters it looks like, if it does. */
function asLatin(char: string): string | undefined {
  if (/[\p{Script=Latin}\p{N}]/u.test(char)) return char;
  const prototype = undoLetterDisguises(unhomoglyph(char));
  const read = stripMarks([...prototype].map((c) => NEAR_LATIN[c] ?? c).join(""));
  const lower = read.toLocaleLowerCase("en-US");
  return /^[a-z0-9]+$/.test(lower) ? lower : undefined;
}

/** Words that mix Latin with look-alikes, or read wholly as Latin, in their Latin reading. */
function lookAlikesRead(text: string): string {
  return text.replace(/[\p{L}\p{N}]+/gu, (word) => {
    if (!/[^\p{Script=Latin}\p{N}]/u.test(word)) return word;
    const letters = [...word].map(asLatin);
    if (letters.includes(undefined)) return word;
    return letters.join("");
  });
}

/**
 * Han characters in one form whether written the Japanese, Traditional or Simplified way
 * (戦/战/戰), and katakana as hiragana. A simplified character that stands for several
 * traditional ones (干 for 乾, 幹 and 干) is left as it is, so 乾杯 or 幹部 never reads as 干.
 */
// Character tables only (characters are converted one by one): 10 MB, not OpenCC's 60.
const toTraditional = ConverterFactory([[SIMPLIFIED]]);
const japaneseToTraditional = ConverterFactory([[JP_SHINJITAI]]);
const SEVERAL_TRADITIONAL = new Set(
  "干后发台里面只系复范松斗云谷丑余制历钟冲尽准卷蒙征板折吊朴几致才出郁咸向舍采划汇获脏签纤坛团仆借价伙克困党凶别刮胡须症表曲厂当尸了并占家御",
);
function unifiedCjk(text: string): string {
  return [...text]
    .map((char) => {
      if (/\p{Script=Katakana}/u.test(char) && /[\u30a1-\u30f6]/.test(char)) {
        return String.fromCodePoint(char.codePointAt(0)! - 0x60);
      }
      if (!/\p{Script=Han}/u.test(char) || SEVERAL_TRADITIONAL.has(char)) return char;
      return toTraditional(japaneseToTraditional(char));
    })
    .join("");
}

/** A blocked entry as it is matched: one form, as the text's are made. */
export function entryForm(entry: string): string {
  return unifiedCjk(lookAlikesRead(folded(entry).replace(/\s+/g, " ").trim()));
}

/**
 * Every form a text may be read in: as written, its lines joined (a word split by a line
 * break), its look-alikes read as Latin, and, where it carries bidi controls or
 * upside-down letters, turned back round as it displays.
 */
export function readingsOf(text: string): string[] {
  const base = folded(text);
  const lines = [base.replace(/\s+/g, " "), base.replace(/\s*\n\s*/g, "")];
  const forms = new Set<string>();
  for (const line of lines) {
    forms.add(line);
    forms.add(lookAlikesRead(line));
    if (BIDI_CONTROLS.test(text)) forms.add(lookAlikesRead([...line].reverse().join("")));
    if (TURNED.test(line)) {
      forms.add(
        [...line]
          .reverse()
          .map((char) => UPSIDE_DOWN[char] ?? char)
          .join(""),
      );
    }
  }
  return [...forms].map(unifiedCjk);
}

/** Whether text has a character that renders: not only invisible ones, marks or spaces. */
export function hasVisibleText(text: string): boolean {
  return /[^\p{M}\s]/u.test(text.replace(INVISIBLE, ""));
}
