import { type Catalog, en } from "./en.js";
import { ja } from "./ja.js";
import { zhCN } from "./zh-cn.js";

export type { Catalog } from "./en.js";

/**
 * The languages the bot speaks completely, by Discord locale; every other locale gets
 * English. Adding a language: its catalog file (typed as `Catalog`) and one line here.
 */
export const CATALOGS: Readonly<Record<string, Catalog>> = {
  "en-US": en,
  "en-GB": en,
  "zh-CN": zhCN,
  ja,
};

/** What the bot says to someone whose Discord is set to `locale` (null: unknown). */
export function catalogFor(locale: string | null | undefined): Catalog {
  return (locale && CATALOGS[locale]) || en;
}
