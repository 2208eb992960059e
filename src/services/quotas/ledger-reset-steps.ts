import { type AtomicStep, LUA_RECORDS, redisScript } from "../atomic-steps.js";
import {
  expiresAt,
  LUA_LEDGER,
  readEpoch,
  readMember,
  readTotal,
  updateTop,
} from "./ledger-records.js";
import type { ResetMemberInput, WindowRef } from "./ledger-steps.js";
import {
  countedFromKey,
  epochKey,
  type LedgerRef,
  memberKey,
  openKey,
  totalKey,
} from "./quota-ledger-keys.js";

/**
 * The ledger's resets as atomic steps (see ledger-steps): one member's usage forgotten, or
 * a whole window started again under a new epoch.
 */

/** Forgets one member's usage in the window, open reservations included. */
export const resetMemberStep: AtomicStep<ResetMemberInput, void> = {
  script: redisScript(`${LUA_LEDGER}
local epoch = math.floor(num(read(KEYS[1])))
local ledger = ARGV[1] .. ARGV[2] .. epoch .. ':'
local user, ttl, expires = ARGV[3], ARGV[4], ARGV[5]
local member = table_or_empty(read(ledger .. 'member:' .. user))
for _, id in ipairs(table_or_empty(member.open)) do redis.call('DEL', ledger .. 'open:' .. id) end
redis.call('DEL', ledger .. 'member:' .. user)
local total = table_or_empty(read(ledger .. 'total'))
write(ledger .. 'total', cjson.encode({videos = num(total.videos) - num(member.videos),
  credits = num(total.credits) - num(member.credits)}), ttl, expires)
updateTop(ledger .. 'top', user, nil, nil, ttl, expires)
return 1
`),
  keys: (input) => [epochKey(input.scopeId, input.windowKey)],
  args: (input) => [
    `quota:${input.scopeId}:${input.windowKey}:`,
    input.memberId,
    String(input.ttlMs),
    expiresAt(input.ttlMs),
  ],
  reply: () => undefined,
  run(records, input) {
    const epoch = readEpoch(records, epochKey(input.scopeId, input.windowKey));
    const ledger: LedgerRef = { scopeId: input.scopeId, windowKey: input.windowKey, epoch };
    const member = readMember(records, memberKey(ledger, input.memberId));
    for (const jobId of member.open) records.delete(openKey(ledger, jobId));
    records.delete(memberKey(ledger, input.memberId));
    const total = readTotal(records, totalKey(ledger));
    records.set(
      totalKey(ledger),
      { videos: total.videos - member.videos, credits: total.credits - member.credits },
      input.ttlMs,
    );
    updateTop(records, ledger, input.ttlMs, { userId: input.memberId, gone: true });
  },
};

/**
 * Starts a new epoch: the window's old keys are no longer read and expire with it, and the
 * window counts from zero from `now` (which also ends a refusal for lost counts).
 */
export const bumpEpochStep: AtomicStep<WindowRef & { now: number }, void> = {
  script: redisScript(`${LUA_RECORDS}
local epoch = math.floor(num(read(KEYS[1]))) + 1
write(KEYS[1], tostring(epoch), ARGV[2], ARGV[3])
write(KEYS[2], ARGV[4], ARGV[2], ARGV[3])
return epoch
`),
  keys: (input) => [
    epochKey(input.scopeId, input.windowKey),
    countedFromKey(input.scopeId, input.windowKey),
  ],
  args: (input) => [String(input.ttlMs), expiresAt(input.ttlMs), String(input.now)],
  reply: () => undefined,
  run(records, input) {
    const key = epochKey(input.scopeId, input.windowKey);
    records.set(key, readEpoch(records, key) + 1, input.ttlMs);
    records.set(countedFromKey(input.scopeId, input.windowKey), input.now, input.ttlMs);
  },
};
