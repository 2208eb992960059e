import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CATALOGS, catalogFor } from "../../src/i18n/catalog.js";
import { en } from "../../src/i18n/en.js";
import { ja } from "../../src/i18n/ja.js";
import { zhCN } from "../../src/i18n/zh-cn.js";

/** Every key path of a catalog (nested records included), e.g. `headlines.waiting`. */
function keysOf(catalog: object, prefix = ""): string[] {
  return Object.entries(catalog).flatMap(([key, value]) =>
    value && typeof value === "object" && !Array.isArray(value)
      ? keysOf(value, `${prefix}${key}.`)
      : [`${prefix}${key}`],
  );
}

function sourcesIn(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "i18n" ? [] : sourcesIn(path);
    return path.endsWith(".ts") ? [readFileSync(path, "utf8")] : [];
  });
}

describe("the message catalogs", () => {
  it.each([
    ["zh-CN", zhCN],
    ["ja", ja],
  ])("%s has exactly the messages English has", (_locale, catalog) => {
    expect(keysOf(catalog).sort()).toEqual(keysOf(en).sort());
  });

  it("gives every command definition its text from the catalogs only", () => {
    const commands = join(import.meta.dirname, "../../src/commands");
    const files = readdirSync(commands).map((file) => readFileSync(join(commands, file), "utf8"));
    for (const code of files) {
      expect(code).not.toMatch(/"zh-CN"|\bja\b:|_localizations:\s*\{/);
      // No Chinese or Japanese text either, whatever its key.
      expect(code).not.toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    }
  });

  it("has no message the bot never says", () => {
    const code = sourcesIn(join(import.meta.dirname, "../../src")).join("\n");
    const unused = Object.keys(en).filter((key) => !new RegExp(`\\.${key}\\b`).test(code));
    expect(unused).toEqual([]);
  });

  it("has no empty message in any catalog", () => {
    for (const catalog of Object.values(CATALOGS)) {
      for (const key of keysOf(catalog)) {
        const value = key
          .split(".")
          .reduce<unknown>((node, part) => (node as never)[part], catalog);
        if (typeof value === "string") expect(value.trim(), key).not.toBe("");
      }
    }
  });

  it("falls back to English for locales it does not speak completely", () => {
    expect(catalogFor("zh-CN")).toBe(zhCN);
    expect(catalogFor("ja")).toBe(ja);
    expect(catalogFor("zh-TW")).toBe(en);
    expect(catalogFor("fr")).toBe(en);
    expect(catalogFor(null)).toBe(en);
  });
});
