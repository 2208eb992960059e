import { z } from "zod";
import { LUA_RECORDS, type Records } from "../atomic-steps.js";
import {
  type LedgerRef,
  type MemberUsage,
  memberKey,
  memberUsageSchema,
  TOP_SIZE,
  topKey,
  topSchema,
  totalKey,
  totalsSchema,
} from "./quota-ledger-keys.js";

/**
 * How the ledger's steps read and count usage records, twice: over `Records` for SQLite
 * and as Lua helpers (`LUA_LEDGER`) for Redis. A damaged counter reads as zero here; the
 * steps that must not widen a limit check `isDamaged` first.
 */
export const ZERO = { videos: 0, credits: 0 };
export const readTotal = (records: Records, key: string) =>
  totalsSchema.catch(ZERO).parse(records.get(key));
export const readMember = (records: Records, key: string): MemberUsage =>
  memberUsageSchema.catch({ ...ZERO, open: [] }).parse(records.get(key));
export const readEpoch = (records: Records, key: string) =>
  z.number().int().catch(0).parse(records.get(key));
export const expiresAt = (ttlMs: number) => String(Date.now() + ttlMs);

/** Whether a counter is stored but unreadable (a damaged value, not a missing one). */
export const isDamaged = (stored: unknown, schema: z.ZodType) =>
  stored !== undefined && !schema.safeParse(stored).success;

/** Keeps a member's place on the window's short board of top users, by credits. */
export function updateTop(
  records: Records,
  ledger: LedgerRef,
  ttlMs: number,
  entry: { userId: string; videos: number; credits: number } | { userId: string; gone: true },
): void {
  const top = topSchema
    .catch([])
    .parse(records.get(topKey(ledger)))
    .filter((kept) => kept.userId !== entry.userId);
  if (!("gone" in entry)) top.push(entry);
  top.sort((a, b) => b.credits - a.credits || b.videos - a.videos);
  const board = top.filter((kept) => kept.videos > 0).slice(0, TOP_SIZE);
  records.set(topKey(ledger), board, ttlMs);
}

/** Adds a change to a member's and the window's totals, with the member's open jobs. */
export function count(
  records: Records,
  ledger: LedgerRef,
  ttlMs: number,
  change: { userId: string; member: MemberUsage; videos: number; credits: number; open: string[] },
): void {
  const total = readTotal(records, totalKey(ledger));
  const videos = change.member.videos + change.videos;
  const credits = change.member.credits + change.credits;
  records.set(memberKey(ledger, change.userId), { videos, credits, open: change.open }, ttlMs);
  records.set(
    totalKey(ledger),
    { videos: total.videos + change.videos, credits: total.credits + change.credits },
    ttlMs,
  );
  updateTop(records, ledger, ttlMs, { userId: change.userId, videos, credits });
}

export const LUA_LEDGER = `${LUA_RECORDS}
local function saveMember(key, videos, credits, open, ttl, expires)
  write(key, '{"videos":' .. cjson.encode(videos) .. ',"credits":' .. cjson.encode(credits)
    .. ',"open":' .. array(open) .. '}', ttl, expires)
end
local function updateTop(key, user, videos, credits, ttl, expires)
  local top = read(key)
  local kept = {}
  if type(top) == 'table' then
    for _, entry in ipairs(top) do
      if type(entry) == 'table' and entry.userId ~= user then kept[#kept + 1] = entry end
    end
  end
  if videos then kept[#kept + 1] = {userId = user, videos = videos, credits = credits} end
  table.sort(kept, function(a, b)
    if num(a.credits) ~= num(b.credits) then return num(a.credits) > num(b.credits) end
    return num(a.videos) > num(b.videos)
  end)
  local board = {}
  for _, entry in ipairs(kept) do
    if num(entry.videos) > 0 and #board < ${TOP_SIZE} then board[#board + 1] = entry end
  end
  write(key, array(board), ttl, expires)
end
local function count(ledger, user, member, videos, credits, open, ttl, expires)
  local total = read(ledger .. 'total')
  if type(total) ~= 'table' then total = {} end
  local memberVideos, memberCredits = num(member.videos) + videos, num(member.credits) + credits
  saveMember(ledger .. 'member:' .. user, memberVideos, memberCredits, open, ttl, expires)
  write(ledger .. 'total', cjson.encode({videos = num(total.videos) + videos,
    credits = num(total.credits) + credits}), ttl, expires)
  updateTop(ledger .. 'top', user, memberVideos, memberCredits, ttl, expires)
end
local function damaged(key)
  if redis.call('EXISTS', key) == 0 then return false end
  local value = read(key)
  return type(value) ~= 'table' or type(value.videos) ~= 'number' or type(value.credits) ~= 'number'
    or (value.open ~= nil and type(value.open) ~= 'table')
end
local function table_or_empty(value)
  if type(value) == 'table' then return value end
  return {}
end
`;
