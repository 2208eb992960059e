/**
 * Who pays: a guild, or one user in direct messages; `bot` is the operator's budget over
 * all of them together.
 */
export type QuotaScope =
  | { kind: "guild"; guildId: string }
  | { kind: "dm"; userId: string }
  | { kind: "bot" };

export const BOT_SCOPE: QuotaScope = { kind: "bot" };

/** Guild jobs are paid by the guild; direct-message jobs by the user. */
export function scopeOf(origin: { guildId: string | null; userId: string }): QuotaScope {
  return origin.guildId
    ? { kind: "guild", guildId: origin.guildId }
    : { kind: "dm", userId: origin.userId };
}

export function scopeId(scope: QuotaScope): string {
  switch (scope.kind) {
    case "guild":
      return `guild:${scope.guildId}`;
    case "dm":
      return `dm:${scope.userId}`;
    case "bot":
      return "bot";
  }
}

/**
 * Who can start a scope's count again when it cannot be trusted: a server's admins
 * (`/grok-quota reset`), or for DMs and the operator's budget the operator
 * (`npm run quota:reset`). Role ledgers (`guild:…:roles`) belong to their server.
 */
export const repairedBy = (id: string): "admin" | "operator" =>
  id.startsWith("guild:") ? "admin" : "operator";

/** Where members' usage under role limits with a period of their own is counted. */
export const roleScopeId = (scopeId: string) => `${scopeId}:roles`;
