import type { Client } from "discord.js";
import { catalogFor } from "../i18n/catalog.js";
import type { Logger } from "../logger.js";
import type { AuditLog } from "../services/guild-settings/audit-log.js";
import type { ServerKeyProblem } from "../services/ttapi/server-key-alerts.js";
import type { ServerKeys } from "../services/ttapi/server-keys.js";
import { describeServerKeyProblem } from "../views/guild-settings.js";
import { sendDirectMessages } from "./direct-messages.js";

export interface ServerKeyNoticeDeps {
  client: Client;
  audit: Pick<AuditLog, "record">;
  serverKeys: Pick<ServerKeys, "info">;
  logger: Logger;
}

/**
 * Tells a server's admins that its own TTAPI key stopped working: in its log channel, or
 * else by DM to the admin who set the key, in the server's language. Nobody else pays for
 * or can fix it, so the operator is not told.
 */
export async function tellAdminsOfServerKey(
  { guildId, kind }: ServerKeyProblem,
  { client, audit, serverKeys, logger }: ServerKeyNoticeDeps,
): Promise<void> {
  const guild = client.guilds.cache.get(guildId);
  const server = guild?.name ?? guildId;
  if (await audit.record(guildId, { kind: "api_key_problem", problem: kind, server })) return;
  const setBy = (await serverKeys.info(guildId))?.setBy;
  if (!setBy) return;
  const t = catalogFor(guild?.preferredLocale);
  await sendDirectMessages(client, [setBy], describeServerKeyProblem(kind, t, server), logger);
}
