import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { summarizeTestResults } from "../src/test-results.ts";

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("summarizeTestResults", () => {
  it("names each failed test and each file that failed outside a test, beside the totals", () => {
    dir = mkdtempSync(join(tmpdir(), "test-results-"));
    const report = {
      numPassedTests: 2,
      numFailedTests: 1,
      numPendingTests: 0,
      numTodoTests: 0,
      success: false,
      testResults: [
        {
          name: join(process.cwd(), "apps/web/test/console.test.ts"),
          status: "failed",
          assertionResults: [
            { status: "passed", title: "signs in", fullName: "console signs in" },
            {
              status: "failed",
              title: "signs out",
              fullName: "console signs out",
              failureMessages: ["\nTimeoutError: locator.click: Timeout 30000ms exceeded.\n    at stack"],
            },
          ],
        },
        {
          name: join(process.cwd(), "apps/web/test/home.test.ts"),
          status: "failed",
          message: "Hook timed out in 120000ms.",
          assertionResults: [{ status: "passed", title: "counts" }],
        },
      ],
    };
    writeFileSync(join(dir, "web.json"), JSON.stringify(report));

    const totals = summarizeTestResults(dir);

    expect(totals).toMatchObject({ passed: 2, failed: 2, packages: ["web"] });
    expect(totals.failures).toEqual([
      "web: apps/web/test/console.test.ts › console signs out: TimeoutError: locator.click: Timeout 30000ms exceeded.",
      "web: apps/web/test/home.test.ts: Hook timed out in 120000ms.",
    ]);
  });
});
