import type { ServerAccount, ServerTtapi } from "../ttapi/server-keys.js";
import type { JobRecord } from "./job-record.js";

/**
 * One of a server's keys (see ServerKeys.account): its current one when `keyId` is
 * absent, otherwise the one with that id while it is kept.
 */
export type ServerTtapiLookup = (
  guildId: string,
  keyId?: string | null,
) => Promise<ServerAccount | undefined>;

/** The TTAPI account for a job, and which of its server's keys that is (when it pays). */
export interface JobAccount<T> {
  ttapi: T | ServerTtapi;
  serverKeyId: string | null;
}

type AccountSource = Pick<JobRecord, "paidBy" | "origin" | "serverKeyId">;

/**
 * The account a job is submitted with: its server's current key when the server pays,
 * the operator's otherwise. Undefined when the server paid and has no key any more: the
 * job cannot go on with the operator's money.
 */
export function submitAccountOf<T>(
  job: AccountSource,
  operator: T,
  servers: ServerTtapiLookup | undefined,
): Promise<JobAccount<T> | undefined> {
  return accountOf(job, operator, servers, null);
}

/**
 * The account a submitted job is followed with: the key it was submitted with, which
 * TTAPI answers to alone (kept a while when replaced or removed).
 */
export function trackAccountOf<T>(
  job: AccountSource,
  operator: T,
  servers: ServerTtapiLookup | undefined,
): Promise<JobAccount<T> | undefined> {
  return accountOf(job, operator, servers, job.serverKeyId);
}

async function accountOf<T>(
  job: AccountSource,
  operator: T,
  servers: ServerTtapiLookup | undefined,
  keyId: string | null,
): Promise<JobAccount<T> | undefined> {
  if (job.paidBy !== "server") return { ttapi: operator, serverKeyId: null };
  const { guildId } = job.origin;
  const key = guildId && servers ? await servers(guildId, keyId) : undefined;
  return key && { ttapi: key.client, serverKeyId: key.id };
}
