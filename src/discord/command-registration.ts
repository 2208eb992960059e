import { createHash } from "node:crypto";
import { type REST, type RESTPostAPIApplicationCommandsJSONBody, Routes } from "discord.js";
import type { KeySpace } from "../services/store.js";

export interface RegisterCommandsOptions {
  rest: REST;
  store: KeySpace;
  applicationId: string;
  definitions: readonly RESTPostAPIApplicationCommandsJSONBody[];
  /** Guild-scoped registration appears instantly; global is what production uses. */
  guildId?: string;
  /** Register even when the stored hash says nothing changed. */
  force?: boolean;
}

/**
 * Bulk-overwrites the slash commands, but only when their definitions changed since the
 * last registration (a hash in the store): restarts cost no API calls, and Discord's
 * daily command-create limit is never burned by reconnect loops. Going global removes the
 * commands it once registered in a development guild, which would show there twice.
 */
export async function registerCommands(
  options: RegisterCommandsOptions,
): Promise<"registered" | "unchanged"> {
  const { rest, store, applicationId, definitions, guildId } = options;
  const devGuildsKey = `commands:dev-guilds:${applicationId}`;
  const devGuilds = new Set<string>((await store.get<string[]>(devGuildsKey)) ?? []);
  const hashKey = (scope: string) => `commands:hash:${applicationId}:${scope}`;
  if (!guildId && devGuilds.size > 0) {
    for (const id of devGuilds) {
      await rest.put(Routes.applicationGuildCommands(applicationId, id), { body: [] });
      await store.delete(hashKey(`guild:${id}`));
    }
    await store.delete(devGuildsKey);
  }
  const key = hashKey(guildId ? `guild:${guildId}` : "global");
  const hash = createHash("sha256").update(JSON.stringify(definitions)).digest("hex");
  if (!options.force && (await store.get(key)) === hash) return "unchanged";
  const route = guildId
    ? Routes.applicationGuildCommands(applicationId, guildId)
    : Routes.applicationCommands(applicationId);
  await rest.put(route, { body: definitions });
  await store.set(key, hash);
  if (guildId && !devGuilds.has(guildId)) await store.set(devGuildsKey, [...devGuilds, guildId]);
  return "registered";
}
