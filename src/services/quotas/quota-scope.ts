/** Who pays: a guild, or one user in direct messages. */
export type QuotaScope = { kind: "guild"; guildId: string } | { kind: "dm"; userId: string };

/** Guild jobs are paid by the guild; direct-message jobs by the user. */
export function scopeOf(origin: { guildId: string | null; userId: string }): QuotaScope {
  return origin.guildId
    ? { kind: "guild", guildId: origin.guildId }
    : { kind: "dm", userId: origin.userId };
}

export function scopeId(scope: QuotaScope): string {
  return scope.kind === "guild" ? `guild:${scope.guildId}` : `dm:${scope.userId}`;
}
