import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { type AttemptResult, SubmitLine } from "../../src/services/jobs/submit-line.js";

describe("the submit line's tries", () => {
  it("moves on to the next job of a server at its cap once a try ends, with nothing else to kick it", async () => {
    const tried: string[] = [];
    const line = new SubmitLine({
      // Each job leaves the line (failed or cancelled): nothing ends at TTAPI to kick it.
      attempt: async (jobId): Promise<AttemptResult> => {
        tried.push(jobId);
        // TTAPI and the store take a while: the line has long finished looking meanwhile.
        await new Promise((resolve) => setImmediate(resolve));
        return "left";
      },
      // A cap of one job at a time, tries under way included.
      hasRoom: async (_guildId, trying) => trying < 1,
      showPlace: async () => undefined,
      triesAtOnce: 8,
      retryDelayMs: 60_000,
      maxRetryDelayMs: 60_000,
      balanceRecheckMs: 60_000,
      placesIntervalMs: 60_000,
      logger: pino({ level: "silent" }),
    });
    for (const jobId of ["a", "b", "c"]) line.join({ jobId, guildId: "g" }, "server_full");
    const deadline = Date.now() + 2_000;
    while (tried.length < 3 && Date.now() < deadline) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    await line.stop();
    expect(tried).toEqual(["a", "b", "c"]);
    expect(line.length).toBe(0);
  });
});
