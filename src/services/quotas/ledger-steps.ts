import { z } from "zod";
import { type AtomicStep, redisScript } from "../atomic-steps.js";
import { type LossCheck, LUA_LOSS, lostCounts } from "./ledger-loss.js";
import {
  count,
  expiresAt,
  isDamaged,
  LUA_LEDGER,
  readEpoch,
  readMember,
  ZERO,
} from "./ledger-records.js";
import {
  countedFromKey,
  epochKey,
  type LedgerRef,
  LINEAGE_KEY,
  legacyUsageKey,
  memberKey,
  memberUsageSchema,
  openKey,
  openSchema,
  totalKey,
  totalsSchema,
} from "./quota-ledger-keys.js";
import { COUNTED_LIMITS, type CountedLimit, type CountedLimits } from "./quota-settings.js";

/**
 * The usage ledger's changes, each one atomic store step (see atomic-steps): a reservation
 * checks the limits and counts in the same step, so any number of processes can reserve
 * at once without overrunning a limit or losing a count, and without a lock held across
 * round trips. Each is written twice, as Lua for Redis and as the same logic over
 * `Records` for SQLite and memory; the store contract tests hold both to one behaviour.
 *
 * A step that finds a window still in the layout of an older version answers `legacy`:
 * the caller converts it (store-migrations) and asks again.
 */

export interface WindowRef {
  scopeId: string;
  windowKey: string;
  /** How long the window's keys live from now: until a day after it ends. */
  ttlMs: number;
}

export interface ReserveInput extends WindowRef, Omit<LossCheck, "countedFromKey"> {
  userId: string;
  jobId: string;
  credits: number;
  limits: CountedLimits;
}

export type ReserveOutput =
  | { kind: "reserved"; epoch: number }
  | { kind: "exceeded"; limit: CountedLimit; used: number }
  /** A counter a limit governs cannot be read: nobody knows what is left, so nothing is. */
  | { kind: "damaged"; counter: DamagedCounter }
  | { kind: "legacy" };

/** `lost`: the window's counts went with the store's data (see ledger-loss). */
export type DamagedCounter = "total" | "member" | "lost";

export interface CloseInput {
  ledger: LedgerRef;
  jobId: string;
  ttlMs: number;
  /** `settle` counts the job with the credits TTAPI charged (null: as reserved). */
  outcome: { kind: "settle"; credits: number | null } | { kind: "release" };
}

export type CloseOutput = { kind: "closed" | "none" | "legacy" };

export interface ResetMemberInput extends WindowRef {
  memberId: string;
}

/** Reserves one video and its expected credits, if no limit would be broken. */
export const reserveStep: AtomicStep<ReserveInput, ReserveOutput> = {
  script: redisScript(`${LUA_LEDGER}${LUA_LOSS}
if redis.call('EXISTS', KEYS[1]) == 1 then return {'legacy'} end
local lost = lostCounts(KEYS[3], KEYS[4], ARGV[12], ARGV[13], ARGV[14])
local epoch = math.floor(num(read(KEYS[2])))
local ledger = ARGV[1] .. ARGV[2] .. epoch .. ':'
local user, job, credits = ARGV[3], ARGV[4], tonumber(ARGV[5])
local ttl, expires = ARGV[9], ARGV[10]
local total = table_or_empty(read(ledger .. 'total'))
local member = table_or_empty(read(ledger .. 'member:' .. user))
local memberLimit, guildLimit, creditLimit = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
local memberCreditLimit = tonumber(ARGV[11])
if (guildLimit or creditLimit) and damaged(ledger .. 'total') then return {'damaged', 'total'} end
if (memberLimit or memberCreditLimit) and damaged(ledger .. 'member:' .. user) then
  return {'damaged', 'member'}
end
if lost and (guildLimit or creditLimit or memberLimit or memberCreditLimit) then
  return {'damaged', 'lost'}
end
if memberLimit and num(member.videos) + 1 > memberLimit then
  return {'exceeded', 'memberVideos', tostring(num(member.videos))}
end
if memberCreditLimit and num(member.credits) + credits > memberCreditLimit then
  return {'exceeded', 'memberCredits', tostring(num(member.credits))}
end
if guildLimit and num(total.videos) + 1 > guildLimit then
  return {'exceeded', 'guildVideos', tostring(num(total.videos))}
end
if creditLimit and num(total.credits) + credits > creditLimit then
  return {'exceeded', 'credits', tostring(num(total.credits))}
end
local open = table_or_empty(member.open)
open[#open + 1] = job
write(ledger .. 'open:' .. job, cjson.encode({userId = user, credits = credits}), ttl, expires)
count(ledger, user, member, 1, credits, open, ttl, expires)
return {'reserved', tostring(epoch)}
`),
  keys: (input) => [
    legacyUsageKey(input.scopeId, input.windowKey),
    epochKey(input.scopeId, input.windowKey),
    LINEAGE_KEY,
    countedFromKey(input.scopeId, input.windowKey),
  ],
  args: (input) => [
    `quota:${input.scopeId}:${input.windowKey}:`,
    input.userId,
    input.jobId,
    String(input.credits),
    String(input.limits.memberVideos ?? ""),
    String(input.limits.guildVideos ?? ""),
    String(input.limits.credits ?? ""),
    String(input.ttlMs),
    expiresAt(input.ttlMs),
    String(input.limits.memberCredits ?? ""),
    String(input.windowStart),
    input.lineageExpected ? "1" : "0",
    String(input.now),
  ],
  reply(reply) {
    const [kind, a, b] = z.array(z.string()).parse(reply);
    if (kind === "reserved") return { kind, epoch: Number(a) };
    if (kind === "damaged") return { kind, counter: z.enum(["total", "member", "lost"]).parse(a) };
    if (kind === "exceeded") {
      return {
        kind,
        limit: z.enum(COUNTED_LIMITS).parse(a),
        used: Number(b),
      };
    }
    return { kind: "legacy" };
  },
  run(records, input) {
    if (records.get(legacyUsageKey(input.scopeId, input.windowKey)) !== undefined) {
      return { kind: "legacy" };
    }
    const lost = lostCounts(records, {
      ...input,
      countedFromKey: countedFromKey(input.scopeId, input.windowKey),
    });
    const epoch = readEpoch(records, epochKey(input.scopeId, input.windowKey));
    const ledger: LedgerRef = { scopeId: input.scopeId, windowKey: input.windowKey, epoch };
    const { limits, credits } = input;
    const storedTotal = records.get(totalKey(ledger));
    const storedMember = records.get(memberKey(ledger, input.userId));
    if (
      (limits.guildVideos !== null || limits.credits !== null) &&
      isDamaged(storedTotal, totalsSchema)
    ) {
      return { kind: "damaged", counter: "total" };
    }
    const memberLimited = limits.memberVideos !== null || limits.memberCredits !== null;
    if (memberLimited && isDamaged(storedMember, memberUsageSchema)) {
      return { kind: "damaged", counter: "member" };
    }
    if (lost && (memberLimited || limits.guildVideos !== null || limits.credits !== null)) {
      return { kind: "damaged", counter: "lost" };
    }
    const total = totalsSchema.catch(ZERO).parse(storedTotal);
    const member = memberUsageSchema.catch({ ...ZERO, open: [] }).parse(storedMember);
    if (limits.memberVideos !== null && member.videos + 1 > limits.memberVideos) {
      return { kind: "exceeded", limit: "memberVideos", used: member.videos };
    }
    if (limits.memberCredits !== null && member.credits + credits > limits.memberCredits) {
      return { kind: "exceeded", limit: "memberCredits", used: member.credits };
    }
    if (limits.guildVideos !== null && total.videos + 1 > limits.guildVideos) {
      return { kind: "exceeded", limit: "guildVideos", used: total.videos };
    }
    if (limits.credits !== null && total.credits + credits > limits.credits) {
      return { kind: "exceeded", limit: "credits", used: total.credits };
    }
    records.set(openKey(ledger, input.jobId), { userId: input.userId, credits }, input.ttlMs);
    count(records, ledger, input.ttlMs, {
      userId: input.userId,
      member,
      videos: 1,
      credits,
      open: [...member.open, input.jobId],
    });
    return { kind: "reserved", epoch };
  },
};

/** Settles or releases one reservation; a second close of the same job changes nothing. */
export const closeStep: AtomicStep<CloseInput, CloseOutput> = {
  script: redisScript(`${LUA_LEDGER}
if redis.call('EXISTS', KEYS[1]) == 1 then return 'legacy' end
local ledger = ARGV[1] .. ARGV[2]
local job, ttl, expires = ARGV[3], ARGV[6], ARGV[7]
local openKey = ledger .. 'open:' .. job
local entry = read(openKey)
if type(entry) ~= 'table' or type(entry.userId) ~= 'string' or type(entry.credits) ~= 'number' then
  return 'none'
end
redis.call('DEL', openKey)
local reserved = entry.credits
local videos, credits = -1, -reserved
if ARGV[4] == 'settle' then videos, credits = 0, (tonumber(ARGV[5]) or reserved) - reserved end
local member = table_or_empty(read(ledger .. 'member:' .. entry.userId))
local open = {}
for _, id in ipairs(table_or_empty(member.open)) do
  if id ~= job then open[#open + 1] = id end
end
count(ledger, entry.userId, member, videos, credits, open, ttl, expires)
return 'closed'
`),
  keys: ({ ledger }) => [legacyUsageKey(ledger.scopeId, ledger.windowKey)],
  args: ({ ledger, jobId, ttlMs, outcome }) => [
    `quota:${ledger.scopeId}:${ledger.windowKey}:${ledger.epoch}:`,
    jobId,
    outcome.kind,
    outcome.kind === "settle" ? String(outcome.credits ?? "") : "",
    String(ttlMs),
    expiresAt(ttlMs),
  ],
  reply: (reply) => ({ kind: z.enum(["closed", "none", "legacy"]).parse(reply) }),
  run(records, { ledger, jobId, ttlMs, outcome }) {
    if (records.get(legacyUsageKey(ledger.scopeId, ledger.windowKey)) !== undefined) {
      return { kind: "legacy" };
    }
    const open = openSchema.safeParse(records.get(openKey(ledger, jobId)));
    if (!open.success) return { kind: "none" };
    records.delete(openKey(ledger, jobId));
    const { userId, credits: reserved } = open.data;
    const member = readMember(records, memberKey(ledger, userId));
    count(records, ledger, ttlMs, {
      userId,
      member,
      ...(outcome.kind === "settle"
        ? { videos: 0, credits: (outcome.credits ?? reserved) - reserved }
        : { videos: -1, credits: -reserved }),
      open: member.open.filter((id) => id !== jobId),
    });
    return { kind: "closed" };
  },
};
