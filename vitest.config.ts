import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["./test/support/global-setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Every file builds what it needs through constructors (no module state), so a worker
    // loads discord.js and the sources once instead of once per file.
    isolate: false,
    // Most e2e time is waiting on processes and sockets: more files than cores at once.
    maxWorkers: 4,
    reporters: ["default", "./test/support/summary-reporter.ts"],
  },
});
