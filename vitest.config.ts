import { defineConfig } from "vitest/config";

// Tests play several bot processes in one (two connections to one SQLite file). SQLite's
// busy wait sleeps in one of libuv's worker threads, four by default: one "process"
// waiting on another's lock could hold all four, and the holder could not finish. Real
// processes each have their own. The test workers inherit this from here.
process.env.UV_THREADPOOL_SIZE ??= "16";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Two cores: e2e files each start a bot, a fake Discord and a fake TTAPI.
    maxWorkers: 2,
    reporters: ["default", "./test/support/summary-reporter.ts"],
  },
});
