import { type Catalog, en } from "./en.js";
import { zhCN } from "./zh-cn.js";

export type { Catalog } from "./en.js";

/** The locales the bot speaks completely; every other one gets English. */
export const CATALOGS: Readonly<Record<string, Catalog>> = {
  "en-US": en,
  "en-GB": en,
  "zh-CN": zhCN,
};

/** What the bot says to someone whose Discord is set to `locale` (null: unknown). */
export function catalogFor(locale: string | null | undefined): Catalog {
  return (locale && CATALOGS[locale]) || en;
}
