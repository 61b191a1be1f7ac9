import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { dataRoot } from "./paths.ts";

export const testResultsDir = join(dataRoot, "test-results");

export function clearTestResults() {
  rmSync(testResultsDir, { recursive: true, force: true });
}

/** Adds up the per-package vitest JSON reports written by vitest.shared.ts. */
export function summarizeTestResults() {
  const totals = { passed: 0, failed: 0, skipped: 0, packages: [] as string[] };
  if (!existsSync(testResultsDir)) return totals;
  for (const file of readdirSync(testResultsDir).filter((f) => f.endsWith(".json"))) {
    const report = JSON.parse(readFileSync(join(testResultsDir, file), "utf8")) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numTodoTests: number;
      success: boolean;
      testResults: { status: string; assertionResults: { status: string }[] }[];
    };
    // A file that fails outside any test (a hook, an import) fails no test; count it as one.
    const brokenFiles = report.testResults.filter(
      (file) => file.status === "failed" && !file.assertionResults.some((test) => test.status === "failed"),
    ).length;
    // Errors outside any file (an unhandled rejection after the tests) fail the run too.
    const unattributed = !report.success && report.numFailedTests + brokenFiles === 0 ? 1 : 0;
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests + brokenFiles + unattributed;
    totals.skipped += report.numPendingTests + report.numTodoTests;
    totals.packages.push(file.replace(/\.json$/, ""));
  }
  return totals;
}
