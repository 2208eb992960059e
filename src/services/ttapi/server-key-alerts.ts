import type { Logger } from "../../logger.js";
import type { StoreLock } from "../store-lock.js";

/** A server's own key refused (auth), its balance empty, or kept but unreadable by the bot. */
export type ServerKeyProblem = { guildId: string; kind: "auth" | "balance" | "unreadable" };

export interface ServerKeyAlertsOptions {
  locks: Pick<StoreLock, "acquire">;
  /** How long one alert covers a server's problem (BALANCE_RECHECK_MINUTES). */
  quietMs: number;
  /** Tells the server's admins (its log channel, or the admin who set the key). */
  tell: (problem: ServerKeyProblem) => Promise<void>;
  logger: Logger;
}

/**
 * A server's own key refused or its balance empty concerns that server's admins, not the
 * operator. They are told once per `quietMs` per server and problem, across processes (a
 * store claim), however many of its requests fail meanwhile.
 */
export function serverKeyAlerts(options: ServerKeyAlertsOptions) {
  const { locks, quietMs, tell, logger } = options;
  return (problem: ServerKeyProblem): void => {
    const claim = `server-key-alert:${problem.guildId}:${problem.kind}`;
    locks
      .acquire(claim, quietMs)
      .then(async (first) => {
        if (!first) return;
        logger.warn(problem, "a server's own TTAPI key failed; its admins are told");
        await tell(problem);
      })
      .catch((error: unknown) => {
        logger.warn({ err: error, guildId: problem.guildId }, "server key alert not sent");
      });
  };
}
