import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { screenshot } from "./support/browser.ts";
import type { ConsoleSession } from "./support/console-session.ts";
import { signUpWithDevice } from "./support/tenant.ts";
import type { Stack } from "./support/web-process.ts";
import { openWorkersConsoleSession } from "./support/workers-session.ts";

// Issue 22's bulk operations in the console: a tenant admin imports devices from a CSV file (validation report
// with the row errors first, then the import with its progress bar), then deletes two of them from the devices
// list with a typed confirmation. The workers process runs the jobs on a real Temporal server (the Java test
// server, started plainly: real time, no skipping).
vi.setConfig({ testTimeout: 180_000 });

/** A Redis database no other test file uses: the workers' rule-engine streams have fixed names. */
const REDIS_DB = 55;

let session: ConsoleSession;
let stack: Stack;
let page: Page;
let consoleErrors: string[];

beforeAll(async () => {
  session = await openWorkersConsoleSession({ name: "bulk", redisDb: REDIS_DB, temporal: "test", timeout: 30_000 });
  ({ stack, page, consoleErrors } = session);
}, 15 * 60_000);

afterAll(async () => {
  await session?.close();
});

describe("bulk operations in the console", () => {
  it("imports devices from a CSV after showing the row errors, then deletes two with a typed confirmation", async () => {
    await signUpWithDevice(page, stack, { email: "bulk", tenant: "Bulk Works", device: "Pump" });
    const file = join(mkdtempSync(join(tmpdir(), "bulk-import-")), "meters.csv");
    writeFileSync(
      file,
      [
        "name,type,profile,server:serial",
        "Meter A,meter,default,SN-A",
        "Meter B,meter,,SN-B",
        "Meter C,meter,,SN-C",
        "Meter D,meter,Nonexistent,SN-D",
        "Pump,meter,,",
      ].join("\n"),
    );

    await page.goto("/devices");
    await page.getByRole("link", { name: "Import CSV" }).click();
    await page.waitForURL(/\/devices\/import$/);
    await page.getByRole("button", { name: "Check the file" }).click();
    await page.getByText("Choose a CSV file").waitFor();
    await page.getByLabel("CSV file").setInputFiles(file);
    await page.getByRole("button", { name: "Check the file" }).click();

    // The report: what would happen, and each refused row with its column and reason; nothing written yet.
    await page.waitForURL(/\/bulk-jobs\/[0-9a-f-]{36}$/);
    await page.getByText(/^5\s+rows:\s+3\s+to create,\s+0\s+to update,\s+2\s+with errors/).waitFor();
    await page.getByText('No device profile is named "Nonexistent"').waitFor();
    await page.getByText(/A device with this name exists/).waitFor();
    const before = await page.request.get("/api/v1/devices?search=Meter");
    expect(((await before.json()) as { total: number }).total).toBe(0);
    await screenshot(page, "bulk-import-report");
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole("button", { name: "Import 3 devices" }).waitFor();
    await screenshot(page, "bulk-import-report-phone");
    await page.setViewportSize({ width: 1360, height: 900 });

    await page.getByRole("button", { name: "Import 3 devices" }).click();
    await page.getByRole("progressbar", { name: "Job progress" }).waitFor();
    await page.getByText("completed", { exact: true }).waitFor({ timeout: 60_000 });
    await page.getByText(/3 of 3 done \(100%\)/).waitFor();
    expect(await page.getByRole("progressbar").getAttribute("aria-valuenow")).toBe("100");
    await screenshot(page, "bulk-import-done");

    await page.goto("/devices");
    await page.getByLabel("Select Meter A").check();
    await page.getByLabel("Select Meter B").check();
    await page.getByText("2 devices selected").waitFor();
    await page.getByRole("button", { name: "Delete", exact: true }).click();
    const dialog = page.getByRole("dialog");
    const confirm = dialog.getByRole("button", { name: "Delete 2 devices" });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel("Type 2 to confirm").fill("2");
    await confirm.click();
    await page.waitForURL(/\/bulk-jobs\/[0-9a-f-]{36}$/);
    await page.getByText("completed", { exact: true }).waitFor({ timeout: 60_000 });
    await page.getByText("Delete 2 devices").waitFor();

    const after = await page.request.get("/api/v1/devices?search=Meter");
    const names = ((await after.json()) as { data: { name: string }[] }).data.map((d) => d.name);
    expect(names).toEqual(["Meter C"]);
    expect(consoleErrors).toEqual([]);
  });
});
