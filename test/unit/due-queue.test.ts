import { describe, expect, it } from "vitest";
import { DueQueue } from "../../src/services/jobs/due-queue.js";

describe("DueQueue", () => {
  it("gives the earliest due job, honouring reschedules, removals and skips", () => {
    const due = new DueQueue();
    const none = () => false;
    for (const [id, at] of [
      ["c", 30],
      ["a", 10],
      ["b", 20],
      ["d", 40],
    ] as const)
      due.set(id, at);
    expect(due.earliest(none)).toEqual({ id: "a", at: 10 });
    due.set("a", 50); // rescheduled later: its old time no longer counts
    expect(due.earliest(none)?.id).toBe("b");
    due.delete("b");
    expect(due.earliest(none)?.id).toBe("c");
    // A job being polled is skipped, and is still there afterwards.
    expect(due.earliest((id) => id === "c")?.id).toBe("d");
    expect(due.earliest(none)?.id).toBe("c");
    due.clear();
    expect(due.earliest(none)).toBeUndefined();
  });

  it("orders thousands of jobs by time", () => {
    const due = new DueQueue();
    const times = Array.from({ length: 5_000 }, (_, i) => (i * 7_919) % 5_000);
    for (const [i, at] of times.entries()) due.set(`j${i}`, at);
    const taken: number[] = [];
    for (let next = due.earliest(() => false); next; next = due.earliest(() => false)) {
      taken.push(next.at);
      due.delete(next.id);
    }
    expect(taken).toEqual([...times].sort((a, b) => a - b));
  });
});
