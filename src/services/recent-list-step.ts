import { z } from "zod";
import { type AtomicStep, LUA_RECORDS, redisScript } from "./atomic-steps.js";

export interface RecentListInput {
  key: string;
  item: string | number;
  /** How many items the list keeps. */
  keep: number;
  /**
   * `newest-first`: the item goes first and appears once (a member's recent jobs);
   * `oldest-first`: it is appended (durations, which may repeat).
   */
  order: "newest-first" | "oldest-first";
  /** Undefined: the list never expires. */
  ttlMs?: number;
}

const listSchema = z.array(z.union([z.string(), z.number()])).catch([]);

/**
 * Adds an item to a short bounded list in one atomic step, so two writers (two
 * processes, or two jobs ending at once) never drop each other's item.
 */
export const recentListStep: AtomicStep<RecentListInput, void> = {
  script: redisScript(`${LUA_RECORDS}
local list = read(KEYS[1])
if type(list) ~= 'table' then list = {} end
local item, keep = cjson.decode(ARGV[2]), tonumber(ARGV[3])
local out = {}
if ARGV[4] == 'newest-first' then
  out[1] = item
  for _, kept in ipairs(list) do
    if kept ~= item and #out < keep then out[#out + 1] = kept end
  end
else
  local from = math.max(1, #list + 2 - keep)
  for i = from, #list do out[#out + 1] = list[i] end
  out[#out + 1] = item
end
write(KEYS[1], array(out), ARGV[5], ARGV[6])
return 1
`),
  keys: (input) => [input.key],
  args: (input) => [
    JSON.stringify(input.item),
    String(input.keep),
    input.order,
    input.ttlMs === undefined ? "" : String(input.ttlMs),
    input.ttlMs === undefined ? "" : String(Date.now() + input.ttlMs),
  ],
  reply: () => undefined,
  run(records, { key, item, keep, order, ttlMs }) {
    const list = listSchema.parse(records.get(key));
    const next =
      order === "newest-first"
        ? [item, ...list.filter((kept) => kept !== item)].slice(0, keep)
        : [...list, item].slice(-keep);
    records.set(key, next, ttlMs);
  },
};
