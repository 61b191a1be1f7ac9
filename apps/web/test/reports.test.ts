import { readFile } from "node:fs/promises";
import { startResendServer } from "@industryos/api/testing";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { screenshot } from "./support/browser.ts";
import type { ConsoleSession } from "./support/console-session.ts";
import { signUpWithDevice } from "./support/tenant.ts";
import type { Stack } from "./support/web-process.ts";
import { openWorkersConsoleSession } from "./support/workers-session.ts";

// Issue 21's scheduled reports in the console: a tenant admin creates a report of a dashboard (a field error
// shown beside its field first), sees when it runs next, presses Run now and finds the run listed with its
// CSV, which downloads; the workers process runs it on a real Temporal dev server and emails it through a
// local server that speaks Resend's API.
vi.setConfig({ testTimeout: 180_000 });

/** A Redis database no other test file uses: the workers' rule-engine streams have fixed names. */
const REDIS_DB = 59;

let resend: Awaited<ReturnType<typeof startResendServer>>;
let session: ConsoleSession;
let stack: Stack;
let page: Page;
let consoleErrors: string[];

beforeAll(async () => {
  resend = await startResendServer();
  session = await openWorkersConsoleSession({
    name: "reports",
    redisDb: REDIS_DB,
    env: { RESEND_API_KEY: resend.apiKey, RESEND_BASE_URL: resend.baseUrl },
    context: { acceptDownloads: true },
    timeout: 30_000,
  });
  ({ stack, page, consoleErrors } = session);
}, 15 * 60_000);

afterAll(async () => {
  await session?.close();
  await resend?.close();
});

describe("scheduled reports in the console", () => {
  it("creates a report, runs it now and lists the run with its CSV", async () => {
    const { deviceId } = await signUpWithDevice(page, stack, {
      email: "reports",
      tenant: "Report Works",
      device: "Boiler",
    });
    const headers = { origin: stack.url };
    const ts = Date.now() - 10 * 60_000;
    const pushed = await page.request.post(`/api/v1/devices/${deviceId}/telemetry`, {
      data: [{ ts, values: { temperature: 21.5 } }],
      headers,
    });
    expect(pushed.status()).toBeLessThan(300);
    const dashboard = await page.request.post("/api/v1/dashboards", {
      headers,
      data: {
        title: "Boiler room",
        configuration: {
          version: 1,
          widgets: [
            {
              id: "t",
              title: "Temperature",
              kind: "timeseries",
              chart: "line",
              source: { type: "device", deviceId },
              keys: [{ key: "temperature", unit: "°C" }],
            },
          ],
          layout: [{ i: "t", x: 0, y: 0, w: 6, h: 4 }],
          timeWindow: { type: "realtime", lastMs: 3_600_000 },
        },
      },
    });
    expect(dashboard.status()).toBe(201);

    await page.goto("/reports");
    await page.getByText("No scheduled reports").waitFor();
    await page.getByRole("button", { name: "New report" }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Name").fill("Boiler daily");
    await dialog.getByLabel("Dashboard").selectOption({ label: "Boiler room" });
    await dialog.getByLabel("At", { exact: true }).fill("07:00");
    await dialog.getByLabel("Time zone").fill("Mars/Olympus_Mons");
    await dialog.getByLabel("Recipients").fill("ops@example.test, lead@example.test");
    await dialog.getByRole("button", { name: "Create report" }).click();
    // The API's refusal shows beside the field it concerns; nothing was created.
    await dialog.getByText("Give an IANA time zone").waitFor();
    await screenshot(page, "reports-field-error");

    await dialog.getByLabel("Time zone").fill("Europe/Berlin");
    await dialog.getByRole("button", { name: "Create report" }).click();
    await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
    await page.getByRole("heading", { name: "Boiler daily" }).waitFor();
    await page.getByText("Daily at 07:00 (Europe/Berlin)").waitFor();
    // Temporal's schedule exists: its next run time is shown.
    await expect.poll(async () => page.getByText("Next run").locator("..").innerText()).not.toContain("—");
    await page.getByText("No runs yet").waitFor();

    await page.getByRole("button", { name: "Run now" }).click();
    const run = page.getByRole("row").filter({ hasText: "Run now" });
    await run.getByText("succeeded").waitFor({ timeout: 60_000 });
    const link = run.getByRole("link", { name: "temperature.csv" });
    await screenshot(page, "reports-run-listed");

    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toBe("temperature.csv");
    const csv = await readFile((await download.path())!, "utf8");
    expect(csv.split("\r\n")[0]).toBe("time,device,temperature (°C)");
    expect(csv).toContain(",Boiler,21.5\r\n");

    const email = resend.sent.find((e) => e.subject === "Boiler daily (Boiler room)");
    expect(email?.to).toEqual(["ops@example.test", "lead@example.test"]);
    expect(email?.attachments?.map((a) => a.filename)).toEqual(["temperature.csv"]);

    await page.goto("/reports");
    await page.getByRole("cell", { name: "Boiler daily" }).waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole("button", { name: /Boiler daily/ }).waitFor();
    await screenshot(page, "reports-list-phone");
    expect(consoleErrors).toEqual([]);
  });
});
