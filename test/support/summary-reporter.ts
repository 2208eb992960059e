import type { Reporter, TestModule } from "vitest/node";

/**
 * Ends the run with a plain `Tests: N passed, N failed, N skipped` line, a summary any
 * CI can read whatever runner it knows.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0, pending: 0 };
    for (const module of modules) {
      for (const test of module.children.allTests()) counts[test.result().state]++;
    }
    const skipped = counts.skipped + counts.pending;
    console.log(
      `Tests: ${counts.passed} passed, ${counts.failed} failed${skipped ? `, ${skipped} skipped` : ""}`,
    );
  }
}
