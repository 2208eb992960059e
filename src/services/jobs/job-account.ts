import type { ServerTtapi } from "../ttapi/server-keys.js";
import type { JobRecord } from "./job-record.js";

/** A server's own TTAPI client, when it pays for its videos (see ServerKeys). */
export type ServerTtapiLookup = (guildId: string) => Promise<ServerTtapi | undefined>;

/**
 * The TTAPI account a job is submitted and fetched with: its server's own key when the
 * server pays, the operator's otherwise. Undefined when the server paid and its key has
 * since been removed: the job cannot go on with the operator's money.
 */
export async function ttapiOf<T>(
  job: Pick<JobRecord, "paidBy" | "origin">,
  operator: T,
  servers: ServerTtapiLookup | undefined,
): Promise<T | ServerTtapi | undefined> {
  if (job.paidBy !== "server") return operator;
  const { guildId } = job.origin;
  return guildId && servers ? servers(guildId) : undefined;
}
