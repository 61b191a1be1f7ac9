import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { dataRoot } from "./paths.ts";

export const testResultsDir = join(dataRoot, "test-results");

export function clearTestResults() {
  rmSync(testResultsDir, { recursive: true, force: true });
}

/** Adds up the per-package vitest JSON reports written by vitest.shared.ts. */
export function summarizeTestResults(dir = testResultsDir) {
  // CI shows only the tail of the log: the summary names what failed, so the cause is readable there.
  const totals = { passed: 0, failed: 0, skipped: 0, packages: [] as string[], failures: [] as string[] };
  if (!existsSync(dir)) return totals;
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
    const report = JSON.parse(readFileSync(join(dir, file), "utf8")) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numTodoTests: number;
      success: boolean;
      testResults: {
        name: string;
        status: string;
        message?: string;
        assertionResults: { status: string; fullName?: string; title: string; failureMessages?: string[] }[];
      }[];
    };
    const pkg = file.replace(/\.json$/, "");
    for (const result of report.testResults) {
      const where = `${pkg}: ${relative(process.cwd(), result.name)}`;
      const failedTests = result.assertionResults.filter((test) => test.status === "failed");
      for (const test of failedTests) {
        totals.failures.push(`${where} › ${test.fullName ?? test.title}: ${firstLine(test.failureMessages?.[0])}`);
      }
      if (result.status === "failed" && failedTests.length === 0) {
        totals.failures.push(`${where}: ${firstLine(result.message)}`);
      }
    }
    // A file that fails outside any test (a hook, an import) fails no test; count it as one.
    const brokenFiles = report.testResults.filter(
      (file) => file.status === "failed" && !file.assertionResults.some((test) => test.status === "failed"),
    ).length;
    // Errors outside any file (an unhandled rejection after the tests) fail the run too.
    const unattributed = !report.success && report.numFailedTests + brokenFiles === 0 ? 1 : 0;
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests + brokenFiles + unattributed;
    totals.skipped += report.numPendingTests + report.numTodoTests;
    totals.packages.push(pkg);
  }
  return totals;
}

function firstLine(text: string | undefined) {
  const line = (text ?? "").split("\n").find((l) => l.trim() !== "") ?? "(no message)";
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
