import { escapeMarkdown } from "discord.js";

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/**
 * Text to at most `max` characters (as Discord counts them: UTF-16 units), on one line,
 * cut between whole graphemes so an emoji or an accented letter is never split.
 */
export function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  let kept = "";
  for (const { segment } of graphemes.segment(flat)) {
    if (kept.length + segment.length > max - 1) break;
    kept += segment;
  }
  return `${kept}…`;
}

/**
 * Discord's own <…> syntax: mentions, channels, roles, slash commands, timestamps, custom
 * emoji. Typed by a member, it would render as a pill, a date or an emoji in the bot's
 * message (nobody is pinged: mentions are off); escaped, it shows as typed.
 */
const DISCORD_SYNTAX = /<(?=(?:@[!&]?\d+|#\d+|\/[^>]+:\d+|t:-?\d+(?::[tTdDfFR])?|a?:\w+:\d+)>)/g;

/**
 * Text a member (or TTAPI) wrote, as the bot shows it: every markdown that changes
 * meaning escaped — masked links, headings, lists, emphasis, spoilers, code, Discord's
 * <…> syntax — so it can neither format the bot's message nor offer a fake link in it;
 * then clipped to `max`. Escaping comes first, so the clip sees the length Discord counts.
 */
export function shown(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const escaped = escapeMarkdown(flat, {
    heading: true,
    bulletedList: true,
    numberedList: true,
    maskedLink: true,
  }).replace(DISCORD_SYNTAX, "\\<");
  return clip(escaped, max);
}
