import type { Catalog } from "../i18n/catalog.js";

const bullets = (lines: readonly string[]) => lines.map((line) => `• ${line}`).join("\n");

/** `/grok-help`: what the bot does and how, the member's limits, and admin commands for admins. */
export function describeHelp(t: Catalog, usage: string, forAdmin: boolean): string {
  const help = t.help;
  const sections = [
    help.intro,
    `${help.makeTitle}\n${bullets(help.make)}`,
    `${help.buttonsTitle}\n${bullets(help.buttons)}`,
    `${help.limitsTitle}\n${usage}`,
    ...(forAdmin ? [`${help.adminTitle}\n${bullets(help.admin)}`] : []),
  ];
  return sections.join("\n\n");
}
