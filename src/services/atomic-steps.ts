import { createHash } from "node:crypto";
import { FENCED_REPLY, type Fence, FencedOut, heldByAnother, LUA_FENCE } from "./fence.js";

/**
 * Records as one atomic step sees them: keyv's keys and values, read and written in place.
 * Synchronous, so a step is one uninterrupted call: nothing else of this process runs
 * between its reads and writes, and SQLite's write lock is never held across an await.
 */
export interface Records {
  /** The value, or undefined when the key is missing or expired. */
  get(key: string): unknown;
  set(key: string, value: unknown, ttlMs?: number): void;
  delete(key: string): void;
}

/** A Lua script, sent by its SHA1 (EVALSHA) and by its text only when Redis lacks it. */
export interface RedisScript {
  source: string;
  sha1: string;
}

export function redisScript(source: string): RedisScript {
  return { source, sha1: createHash("sha1").update(source).digest("hex") };
}

/**
 * How a store runs a step that must happen once and whole, with any number of processes
 * on it: Redis runs a Lua script (one round trip, nothing in between), SQLite a
 * transaction on the same file, memory the same code under a mutex.
 *
 * Scripts get the keys with the store's prefix, and the prefix itself as ARGV[1] for the
 * keys they compute.
 */
export type AtomicRunner =
  | {
      kind: "script";
      run(script: RedisScript, keys: readonly string[], args: readonly string[]): Promise<unknown>;
    }
  | { kind: "transaction"; run<T>(body: (records: Records) => T): Promise<T> };

/**
 * One atomic step, written for both kinds of runner: a Lua script for Redis and the same
 * logic over `Records` for SQLite and memory. Both keep keyv's layout, so plain keyv reads
 * see what a step wrote.
 */
export interface AtomicStep<Input, Output> {
  script: RedisScript;
  keys(input: Input): string[];
  args(input: Input): string[];
  /** The script's reply as the step's output. */
  reply(reply: unknown): Output;
  run(records: Records, input: Input): Output;
}

/**
 * Runs a step; with a fence, only while this process still holds its shards, checked in
 * the same step (see Fence). A fenced-out step throws FencedOut and tells the fence.
 */
export function runStep<Input, Output>(
  runner: AtomicRunner,
  step: AtomicStep<Input, Output>,
  input: Input,
  fence?: Fence,
): Promise<Output> {
  if (runner.kind === "script") {
    if (!fence) return runner.run(step.script, step.keys(input), step.args(input)).then(step.reply);
    return runner
      .run(fenced(step.script), [...step.keys(input), fence.key], [...step.args(input), fence.id])
      .then(step.reply, (error: unknown) => {
        throw String(error).includes(FENCED_REPLY) ? fencedOut(fence) : error;
      });
  }
  return runner.run((records) => {
    if (fence && heldByAnother(records.get(fence.key), fence.id)) throw fencedOut(fence);
    return step.run(records, input);
  });
}

function fencedOut(fence: Fence): FencedOut {
  fence.lost();
  return new FencedOut();
}

/** Each script's fenced twin, made once. */
const fencedScripts = new WeakMap<RedisScript, RedisScript>();

function fenced(script: RedisScript): RedisScript {
  let twin = fencedScripts.get(script);
  if (!twin) {
    twin = redisScript(`${LUA_FENCE}${script.source}`);
    fencedScripts.set(script, twin);
  }
  return twin;
}

/** A step that changes nothing: run with a fence, it only checks the claim (before a submit). */
export const fenceCheckStep: AtomicStep<void, void> = {
  script: redisScript("return 1"),
  keys: () => [],
  args: () => [],
  reply: () => undefined,
  run: () => undefined,
};

/**
 * Lua helpers every script starts with: keyv's envelope (`{"value":…,"expires":…}`) read
 * and written (an empty ttl: no expiry), and JSON arrays that stay arrays when empty
 * (Redis's cjson writes `{}`).
 */
export const LUA_RECORDS = `
local function read(key)
  local raw = redis.call('GET', key)
  if not raw then return nil end
  local ok, envelope = pcall(cjson.decode, raw)
  if not ok or type(envelope) ~= 'table' then return nil end
  return envelope.value
end
local function num(value)
  if type(value) == 'number' then return value end
  return 0
end
local function array(list)
  if #list == 0 then return '[]' end
  return cjson.encode(list)
end
local function write(key, json, ttl, expires)
  if ttl == '' then return redis.call('SET', key, '{"value":' .. json .. '}') end
  redis.call('SET', key, '{"value":' .. json .. ',"expires":' .. expires .. '}', 'PX', ttl)
end
`;
