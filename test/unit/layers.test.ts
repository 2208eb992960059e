import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";

const src = join(import.meta.dirname, "../../src");

/**
 * Which folders of src/ each folder may import: imports run one way, from the Discord
 * edge (events) down to the services, which know nothing of discord.js.
 */
const MAY_IMPORT: Record<string, readonly string[]> = {
  services: ["services"],
  i18n: ["services"],
  interactions: [],
  views: ["i18n", "interactions", "services"],
  handlers: ["views", "i18n", "interactions", "services"],
  discord: ["views", "i18n", "interactions", "services"],
  commands: ["handlers", "discord", "views", "i18n", "interactions", "services"],
  components: ["handlers", "discord", "views", "i18n", "interactions", "services"],
  events: [
    "commands",
    "components",
    "handlers",
    "discord",
    "views",
    "i18n",
    "interactions",
    "services",
  ],
};

function filesIn(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesIn(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

describe("the folders of src/", () => {
  it("depend one way: events → commands, components → handlers, discord → views → services", () => {
    const wrong: string[] = [];
    for (const folder of Object.keys(MAY_IMPORT)) {
      for (const file of filesIn(join(src, folder))) {
        const imports = readFileSync(file, "utf8").matchAll(/from "(\.[^"]+)"/g);
        for (const [, path] of imports) {
          const target = relative(src, join(file, "..", path!)).split(sep);
          // A file at the top of src/ (the logger) may be imported from anywhere.
          if (target.length === 1) continue;
          const [to] = target;
          if (to !== folder && !MAY_IMPORT[folder]!.includes(to!)) {
            wrong.push(`${relative(src, file)} imports ${target.join("/")}`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
