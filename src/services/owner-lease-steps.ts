import { z } from "zod";
import { type AtomicStep, LUA_RECORDS, redisScript } from "./atomic-steps.js";

export const ownerSchema = z.object({
  /**
   * Random per start: what tells two processes apart. Host and pid are only informative
   * (two containers on the host network share both). Leases of versions before it have none.
   */
  id: z.string().optional(),
  host: z.string(),
  pid: z.number(),
  since: z.number(),
});
export type Owner = z.infer<typeof ownerSchema>;

export interface LeaseInput {
  key: string;
  me: Owner;
  leaseMs: number;
  /** A previous owner this process found gone: replaced only if it still holds the key. */
  replacing?: Owner;
  /** This process held the lease at its last renewal, so an unreadable one is still its own. */
  renewing?: boolean;
}

export type LeaseOutput = { kind: "mine" } | { kind: "held"; owner: Owner | undefined };

/** `sameProcess` for the scripts. */
const LUA_SAME = `
local function same(a, b)
  if a.id ~= nil or b.id ~= nil then return a.id == b.id end
  return a.host == b.host and a.pid == b.pid
end
`;

/** The same start of the same process: by id, or by host and pid for leases without one. */
const sameProcess = (a: Owner, b: Owner) =>
  a.id !== undefined || b.id !== undefined ? a.id === b.id : a.host === b.host && a.pid === b.pid;

/**
 * Takes or renews a lease in one atomic step: written when the key is free, already this
 * process's, or still held by the gone owner named in `replacing`; otherwise the holder is
 * told back. Two processes starting at once can never both hold it. An unreadable lease (a
 * damaged value) names no one, so it is held until it expires, except by the process that
 * held it at its last renewal, which writes it back; one left without an expiry is given
 * one lease's time (Redis; SQLite's owners hold a file lock, not this key).
 */
export const leaseStep: AtomicStep<LeaseInput, LeaseOutput> = {
  script: redisScript(`${LUA_RECORDS}${LUA_SAME}
local exists, current = redis.call('EXISTS', KEYS[1]) == 1, read(KEYS[1])
local me, replacing = cjson.decode(ARGV[2]), ARGV[4] ~= '' and cjson.decode(ARGV[4]) or nil
local readable = type(current) == 'table' and type(current.host) == 'string'
local free
if readable then free = same(current, me) or (replacing and same(current, replacing))
else free = not exists or ARGV[6] == '1' end
if free then
  write(KEYS[1], ARGV[2], ARGV[3], ARGV[5])
  return {'mine'}
end
if not readable then
  if redis.call('PTTL', KEYS[1]) == -1 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
  return {'held', 'null'}
end
return {'held', cjson.encode(current)}
`),
  keys: (input) => [input.key],
  args: (input) => [
    JSON.stringify(input.me),
    String(input.leaseMs),
    input.replacing ? JSON.stringify(input.replacing) : "",
    String(Date.now() + input.leaseMs),
    input.renewing ? "1" : "0",
  ],
  reply(reply) {
    const [kind, owner] = z.array(z.string()).parse(reply);
    if (kind === "mine") return { kind };
    return { kind: "held", owner: ownerSchema.safeParse(JSON.parse(owner ?? "null")).data };
  },
  run(records, { key, me, leaseMs, replacing, renewing }) {
    const stored = records.get(key);
    const current = ownerSchema.safeParse(stored);
    const free = current.success
      ? sameProcess(current.data, me) ||
        (replacing !== undefined && sameProcess(current.data, replacing))
      : stored === undefined || renewing === true;
    if (!free) return { kind: "held", owner: current.data };
    records.set(key, me, leaseMs);
    return { kind: "mine" };
  },
};

/** Deletes a lease only while it is this process's (an orderly stop). */
export const leaseReleaseStep: AtomicStep<{ key: string; me: Owner }, void> = {
  script: redisScript(`${LUA_RECORDS}${LUA_SAME}
local current, me = read(KEYS[1]), cjson.decode(ARGV[2])
if type(current) == 'table' and type(current.host) == 'string' and same(current, me) then
  redis.call('DEL', KEYS[1])
end
return 1
`),
  keys: (input) => [input.key],
  args: (input) => [JSON.stringify(input.me)],
  reply: () => undefined,
  run(records, { key, me }) {
    const current = ownerSchema.safeParse(records.get(key));
    if (current.success && sameProcess(current.data, me)) records.delete(key);
  },
};
