import { createHash } from "node:crypto";
import { type REST, Routes } from "discord.js";
import type { Keyv } from "keyv";
import type { CommandDefinition } from "../commands/slash-command.js";

export interface RegisterCommandsOptions {
  rest: REST;
  store: Keyv;
  applicationId: string;
  definitions: readonly CommandDefinition[];
  /** Guild-scoped registration appears instantly; global is what production uses. */
  guildId?: string;
  /** Register even when the stored hash says nothing changed. */
  force?: boolean;
}

/**
 * Bulk-overwrites the slash commands, but only when their definitions changed since the
 * last registration (a hash in the store): restarts cost no API calls, and Discord's
 * daily command-create limit is never burned by reconnect loops.
 */
export async function registerCommands(
  options: RegisterCommandsOptions,
): Promise<"registered" | "unchanged"> {
  const { rest, store, applicationId, definitions, guildId } = options;
  const scope = guildId ? `guild:${guildId}` : "global";
  const key = `commands:hash:${applicationId}:${scope}`;
  const hash = createHash("sha256").update(JSON.stringify(definitions)).digest("hex");
  if (!options.force && (await store.get(key)) === hash) return "unchanged";
  const route = guildId
    ? Routes.applicationGuildCommands(applicationId, guildId)
    : Routes.applicationCommands(applicationId);
  await rest.put(route, { body: definitions });
  await store.set(key, hash);
  return "registered";
}
