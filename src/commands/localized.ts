import type { LocalizationMap } from "discord.js";
import { CATALOGS, type Catalog } from "../i18n/catalog.js";
import { en } from "../i18n/en.js";

type Pick = (t: Catalog) => string;

/** A text of a command's definition in every language the bot speaks but English. */
export function localizations(pick: Pick): LocalizationMap {
  return Object.fromEntries(
    Object.entries(CATALOGS)
      .filter(([, catalog]) => catalog !== en)
      .map(([locale, catalog]) => [locale, pick(catalog)]),
  );
}

/** `description` and `description_localizations`, from the catalogs. */
export function described(pick: Pick) {
  return { description: pick(en), description_localizations: localizations(pick) };
}

/** A choice's (or an Apps-menu command's) `name` and `name_localizations`, from the catalogs. */
export function named(pick: Pick) {
  return { name: pick(en), name_localizations: localizations(pick) };
}
