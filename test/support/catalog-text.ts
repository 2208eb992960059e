import { type Catalog, catalogFor } from "../../src/i18n/catalog.js";

/** The English catalog, as a member with no Discord locale sees the bot. */
export const en: Catalog = catalogFor(null);

/** Stands for a value a test cannot know (a relative time, an id): see `fixedPart`. */
export const ANY = "\u0000";

/**
 * The longest fixed stretch of a catalog text rendered with `ANY` where values vary, so a
 * test asserts which message was shown, not its wording: `fixedPart(en.usageResets(ANY))`.
 */
export function fixedPart(rendered: string): string {
  return rendered
    .split(ANY)
    .reduce((longest, part) => (part.length > longest.length ? part : longest));
}
