import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type AtomicStep, runStep } from "../../src/services/atomic-steps.js";
import { FencedOut } from "../../src/services/fence.js";
import { leaseReleaseStep, leaseStep } from "../../src/services/owner-lease-steps.js";
import { bumpEpochStep, resetMemberStep } from "../../src/services/quotas/ledger-reset-steps.js";
import { closeStep, reserveStep } from "../../src/services/quotas/ledger-steps.js";
import { recentListStep } from "../../src/services/recent-list-step.js";
import { openStore, type Store } from "../../src/services/store.js";
import { redisBackend } from "../support/store-backends.js";

// Each atomic step is written twice: Lua for Redis, TypeScript for SQLite (and memory).
// Random sequences of steps from two clients run on both; every answer and every stored
// value must be the same, so a twin changed without the other fails here.

const NOW = Date.UTC(2026, 11, 7, 12);
const window = { scopeId: "guild:g", windowKey: "day:2026-12-07", ttlMs: 86_400_000 };
/** The window's fields as arbitraries that always give them. */
const windowFields = {
  scopeId: fc.constant(window.scopeId),
  windowKey: fc.constant(window.windowKey),
  ttlMs: fc.constant(window.ttlMs),
};
const limit = fc.option(fc.integer({ min: 0, max: 4 }), { nil: null });
const user = fc.constantFrom("u1", "u2", "u3");
const job = fc.constantFrom("j1", "j2", "j3", "j4", "j5");
// With and without the id of a start (leases of older versions have none).
const owner = fc
  .record({ id: fc.constantFrom("start-1", "start-2", undefined), host: fc.constantFrom("a", "b") })
  .map(({ id, host }) => ({ ...(id ? { id } : {}), host, pid: 1, since: 0 }));

const steps = {
  reserveStep,
  closeStep,
  resetMemberStep,
  bumpEpochStep,
  leaseStep,
  leaseReleaseStep,
  recentListStep,
} as unknown as Record<string, AtomicStep<unknown, unknown>>;
/**
 * A step by its name, so a failing sequence prints short; with `fence`, made only while the
 * owner lease is that start's (or names nobody), as a process's job steps are.
 */
type Operation = { client: 0 | 1; step: string; input: unknown; fence: string | undefined };
const operation = (step: string, input: fc.Arbitrary<unknown>) =>
  fc.record({
    client: fc.constantFrom<0 | 1>(0, 1),
    step: fc.constant(step),
    input,
    fence: fc.constantFrom(undefined, "start-1", "start-2"),
  });

const operations: fc.Arbitrary<Operation[]> = fc.array(
  fc.oneof(
    operation(
      "reserveStep",
      fc.record({
        ...windowFields,
        userId: user,
        jobId: job,
        credits: fc.integer({ min: 1, max: 6 }),
        limits: fc.record({
          memberVideos: limit,
          memberCredits: limit,
          guildVideos: limit,
          credits: limit,
        }),
        windowStart: fc.constantFrom(0, NOW),
        lineageExpected: fc.boolean(),
        now: fc.constant(NOW),
      }),
    ),
    operation(
      "closeStep",
      fc.record({
        ledger: fc.record({ ...windowFields, epoch: fc.integer({ min: 0, max: 1 }) }),
        jobId: job,
        ttlMs: fc.constant(window.ttlMs),
        outcome: fc.oneof(
          fc.record({
            kind: fc.constant("settle" as const),
            credits: fc.option(fc.integer({ min: 0, max: 9 }), { nil: null }),
          }),
          fc.constant({ kind: "release" as const }),
        ),
      }),
    ),
    operation("resetMemberStep", fc.record({ ...windowFields, memberId: user })),
    operation("bumpEpochStep", fc.constant({ ...window, now: NOW })),
    operation(
      "leaseStep",
      fc.record({
        key: fc.constant("owner:shard-0"),
        me: owner,
        leaseMs: fc.constant(30_000),
        replacing: fc.option(owner, { nil: undefined }),
        renewing: fc.boolean(),
      }),
    ),
    operation("leaseReleaseStep", fc.record({ key: fc.constant("owner:shard-0"), me: owner })),
    operation(
      "recentListStep",
      fc.record({
        key: fc.constant("job-history:g:u1"),
        item: job,
        keep: fc.constant(2),
        order: fc.constantFrom("newest-first" as const, "oldest-first" as const),
        ttlMs: fc.constant(window.ttlMs),
      }),
    ),
  ),
  { maxLength: 25 },
);

/** Every stored value (not its expiry, which follows the clock). */
async function contents(store: Store): Promise<Record<string, unknown>> {
  const values: Record<string, unknown> = {};
  for await (const entry of store.entries()) values[entry.key] = entry.value;
  return values;
}

async function play(clients: Store[], sequence: Operation[]) {
  const answers: unknown[] = [];
  for (const { client, step, input, fence: id } of sequence) {
    const fence = id ? { key: "owner:shard-0", id, lost: () => undefined } : undefined;
    answers.push(
      await runStep(clients[client]!.atomic, steps[step]!, input, fence).catch((error) => {
        if (error instanceof FencedOut) return "fenced";
        throw error;
      }),
    );
  }
  return { answers, stored: await contents(clients[0]!) };
}

describe("the Lua and TypeScript twins of every atomic step", () => {
  const redis = redisBackend();

  it("answer and store the same for any sequence from two clients", async (context) => {
    const redisUrl = await redis.prepare(context);
    const redisClients = await Promise.all([openStore(redisUrl), openStore(redisUrl)]);
    try {
      await fc.assert(
        fc.asyncProperty(operations, async (sequence) => {
          await redis.prepare(context);
          const file = join(mkdtempSync(join(tmpdir(), "grok-twins-")), "s.sqlite");
          const sqliteClients = await Promise.all([
            openStore(`sqlite://${file}`),
            openStore(`sqlite://${file}`),
          ]);
          try {
            const [lua, typescript] = [
              await play(redisClients, sequence),
              await play(sqliteClients, sequence),
            ];
            expect(typescript).toEqual(lua);
          } finally {
            await Promise.all(sqliteClients.map((store) => store.disconnect()));
          }
        }),
        { numRuns: 100 },
      );
    } finally {
      await Promise.all(redisClients.map((store) => store.disconnect()));
    }
  });
});
