import { type AtomicStep, LUA_RECORDS, type Records, redisScript } from "../atomic-steps.js";
import { LINEAGE_KEY, lineageSchema } from "./quota-ledger-keys.js";

/**
 * Usage lost with the store's data. A process writes the store's lineage when it opens it
 * (`lineageStep`); a reservation that then finds the lineage gone knows the store lost
 * its data since, records when, and every window open at that moment is refused where a
 * limit governs it until an admin counts it from zero (`/grok-quota reset`): counts
 * starting again from nothing would let a server pass its limits. A store lost while no
 * process runs is indistinguishable from a new one (docs/operations.md).
 */
export interface LossCheck {
  /** Where the window counted from zero after a reset (countedFromKey). */
  countedFromKey: string;
  windowStart: number;
  /** This process wrote the lineage when it opened the store: its absence is a loss. */
  lineageExpected: boolean;
  now: number;
}

/** `lostCounts` for Redis scripts, given the two keys and the check's values. */
export const LUA_LOSS = `
local function lostCounts(lineageKey, countedFromKey, windowStart, expected, now)
  local lineage = read(lineageKey)
  if type(lineage) ~= 'table' or type(lineage.born) ~= 'number' then
    if expected ~= '1' then
      write(lineageKey, '{"born":' .. now .. '}', '', '')
      return false
    end
    write(lineageKey, '{"born":' .. now .. ',"lostAt":' .. now .. '}', '', '')
    lineage = {lostAt = tonumber(now)}
  end
  local lostAt = lineage.lostAt
  if type(lostAt) ~= 'number' or lostAt < tonumber(windowStart) then return false end
  return num(read(countedFromKey)) < lostAt
end
`;

/** Whether the window's counts may have been lost with the store's data (see above). */
export function lostCounts(records: Records, check: LossCheck): boolean {
  let lineage = lineageSchema.safeParse(records.get(LINEAGE_KEY)).data;
  if (!lineage) {
    lineage = { born: check.now, ...(check.lineageExpected ? { lostAt: check.now } : {}) };
    records.set(LINEAGE_KEY, lineage);
  }
  if (lineage.lostAt === undefined || lineage.lostAt < check.windowStart) return false;
  const countedFrom = records.get(check.countedFromKey);
  return (typeof countedFrom === "number" ? countedFrom : 0) < lineage.lostAt;
}

/** Writes the store's lineage when it has none; answers when it was last found lost. */
export const lineageStep: AtomicStep<{ now: number }, { lostAt: number | null }> = {
  script: redisScript(`${LUA_RECORDS}
local lineage = read(KEYS[1])
if type(lineage) ~= 'table' or type(lineage.born) ~= 'number' then
  write(KEYS[1], '{"born":' .. ARGV[2] .. '}', '', '')
  return ''
end
if type(lineage.lostAt) == 'number' then return tostring(lineage.lostAt) end
return ''
`),
  keys: () => [LINEAGE_KEY],
  args: ({ now }) => [String(now)],
  reply: (reply) => ({ lostAt: reply ? Number(reply) : null }),
  run(records, { now }) {
    const lineage = lineageSchema.safeParse(records.get(LINEAGE_KEY)).data;
    if (lineage) return { lostAt: lineage.lostAt ?? null };
    records.set(LINEAGE_KEY, { born: now });
    return { lostAt: null };
  },
};
