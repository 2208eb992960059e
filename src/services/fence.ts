/**
 * What a process holds its shards by: the key of its claim on them (see PartitionOwner) and
 * the id its start wrote there. A step run with it is made only while the claim is still
 * this process's, checked in the same atomic step: a process that paused past its lease
 * (SIGSTOP, a frozen VM, a cut link) and wakes after a standby took over cannot end,
 * charge or submit a job the standby now runs.
 */
export interface Fence {
  key: string;
  id: string;
  /** Told when a step found the claim another process's: this process stops at once. */
  lost(): void;
}

/** A fenced step was not made: another process holds this process's shards now. */
export class FencedOut extends Error {
  override name = "FencedOut";

  constructor() {
    super("another process holds this process's shards now: the step was not made");
  }
}

/** The error a fenced script answers with (Redis passes it on as the reply's message). */
export const FENCED_REPLY = "FENCED another process holds these shards";

/**
 * Run before a fenced script's own body: its last key is the claim, its last argument the
 * id. A claim that is missing or unreadable names nobody else, so it does not stop the step
 * (a flushed store, a damaged value: the owner writes it back at its next renewal).
 */
export const LUA_FENCE = `
do
  local raw = redis.call('GET', KEYS[#KEYS])
  local ok, envelope = pcall(cjson.decode, raw or '')
  local holder = ok and type(envelope) == 'table' and envelope.value or nil
  if type(holder) == 'table' and type(holder.host) == 'string' and holder.id ~= ARGV[#ARGV] then
    return redis.error_reply('${FENCED_REPLY}')
  end
end
`;

/** The same rule as LUA_FENCE, for a claim read as a record. */
export function heldByAnother(holder: unknown, id: string): boolean {
  if (typeof holder !== "object" || holder === null) return false;
  const claim = holder as { host?: unknown; id?: unknown };
  return typeof claim.host === "string" && claim.id !== id;
}
