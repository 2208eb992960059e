import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commandDefinitions } from "../../src/commands/index.js";
import { FakeDiscord } from "../../src/fakes/discord/fake-discord.js";
import { modelLimits } from "../../src/services/ttapi/model-limits.js";
import { startBotProcess } from "../support/bot-process.js";

let discord: FakeDiscord;
beforeAll(async () => {
  discord = new FakeDiscord();
  await discord.start();
});
afterAll(() => discord.stop());

describe("npm run register", () => {
  it("registers every command in the dev guild, with Chinese and Japanese localizations, and exits 0", async () => {
    const run = startBotProcess(
      {
        DISCORD_TOKEN: discord.token,
        TTAPI_API_KEY: "unused",
        DISCORD_API_BASE_URL: discord.apiBaseUrl,
        DEV_GUILD_ID: discord.guild.id,
        STORE_URL: "memory://",
      },
      "src/register.ts",
    );
    expect((await run.exited).code).toBe(0);
    const registered = discord.commands.get(discord.guild.id) as {
      name: string;
      description_localizations?: Record<string, string>;
      name_localizations?: Record<string, string>;
      default_member_permissions?: string;
    }[];
    // Every command the registry declares (a new one needs no change here).
    const declared = commandDefinitions({ allowDms: false, limits: modelLimits(undefined) });
    expect(declared.length).toBeGreaterThanOrEqual(7);
    expect(registered.map((command) => command.name).sort()).toEqual(
      declared.map((command) => command.name).sort(),
    );
    // Apps-menu commands have no description: their name is what is localized.
    expect(
      registered.every(
        (command) =>
          (command.description_localizations?.["zh-CN"] ?? command.name_localizations?.["zh-CN"]) &&
          (command.description_localizations?.ja ?? command.name_localizations?.ja),
      ),
    ).toBe(true);
    expect(registered.find((c) => c.name === "grok-quota")?.default_member_permissions).toBe("32");
    expect(registered.find((c) => c.name === "grok-settings")?.default_member_permissions).toBe(
      "32",
    );
    expect(discord.commands.has("global")).toBe(false);
  });

  it("moving from DEV_GUILD_ID to global removes the guild's copy, so no command shows twice", async () => {
    const env = {
      DISCORD_TOKEN: discord.token,
      TTAPI_API_KEY: "unused",
      DISCORD_API_BASE_URL: discord.apiBaseUrl,
      STORE_URL: `sqlite://${join(mkdtempSync(join(tmpdir(), "grok-register-")), "s.sqlite")}`,
    };
    const inGuild = startBotProcess({ ...env, DEV_GUILD_ID: discord.guild.id }, "src/register.ts");
    expect((await inGuild.exited).code).toBe(0);
    expect(discord.commands.get(discord.guild.id)).not.toEqual([]);

    const global = startBotProcess(env, "src/register.ts");
    expect((await global.exited).code).toBe(0);
    expect(discord.commands.get(discord.guild.id)).toEqual([]);
    expect(discord.commands.get("global")?.length).toBeGreaterThan(0);
  });
});
