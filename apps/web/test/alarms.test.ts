import { alarmContext, raiseAlarm, type AlarmSeverity } from "@industryos/api";
import { createDatabaseClients, type DatabaseClients } from "@industryos/db";
import { Redis } from "ioredis";
import pino from "pino";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { screenshot } from "./support/browser.ts";
import { openConsoleSession, type ConsoleSession } from "./support/console-session.ts";
import { signUpWithDevice } from "./support/tenant.ts";
import type { Stack } from "./support/web-process.ts";

// Issue 20's console for alarms: an alarm raised on a device (through the API's raiseAlarm, as
// the rule engine raises it) shows on the alarms page, the device's row and page, and a dashboard
// alarms widget; it is commented on, acknowledged, and cleared in bulk.
vi.setConfig({ testTimeout: 120_000 });

let session: ConsoleSession;
let stack: Stack;
let page: Page;
let db: DatabaseClients;
let redis: Redis;
let tenantId = "";
let deviceId = "";
let alarmUrl = "";
let consoleErrors: string[];

beforeAll(async () => {
  session = await openConsoleSession({ timeout: 30_000 });
  ({ stack, page, consoleErrors } = session);
  db = createDatabaseClients({ appUrl: stack.database.appUrl, systemUrl: stack.database.systemUrl, poolSize: 2 });
  // The web server's Redis (the default database): alarm events go where its own go.
  redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:63790", { lazyConnect: true });
}, 240_000);

afterAll(async () => {
  redis?.disconnect();
  await db?.close();
  await session?.close();
});

/** Raises (or updates) an alarm on the device as the rule engine would. */
async function raise(type: string, severity: AlarmSeverity, details: unknown) {
  const ctx = alarmContext({ db, redis, logger: pino({ level: "silent" }) }, tenantId);
  const { alarm } = await raiseAlarm(ctx, {
    originator: { type: "DEVICE", id: deviceId },
    type,
    severity,
    details,
    ts: Date.now(),
  });
  return alarm;
}

const row = (type: string) => page.getByRole("row").filter({ has: page.getByRole("link", { name: type }) });

describe("alarms in the console", () => {
  it("explains alarms while there are none", async () => {
    ({ tenantId, deviceId } = await signUpWithDevice(page, stack, {
      email: "alarms",
      tenant: "Boiler Works",
      device: "Boiler 3",
    }));
    await page.goto("/alarms");
    await page.getByRole("link", { name: "Alarms", exact: true }).waitFor();
    await page.getByText("No active alarms").waitFor();
    await page.getByText("alarm rules of a device profile").waitFor();
    // What is typed into the type filter sits inside its frame as in the search box, not on its border.
    const paddingLeft = (label: string) => page.getByLabel(label).evaluate((el) => getComputedStyle(el).paddingLeft);
    expect(await paddingLeft("Filter by alarm type")).toBe(await paddingLeft("Search alarms"));
    await screenshot(page, "alarms-empty");
  });

  it("shows raised alarms on the alarms page, live, with coloured severities", async () => {
    await raise("High temperature", "CRITICAL", { temperature: 31.5, threshold: 30 });
    await raise("Low pressure", "MINOR", { pressure: 0.8 });
    // No reload: the list refreshes on its own.
    await row("High temperature").waitFor({ timeout: 20_000 });
    await row("Low pressure").waitFor();
    expect(await row("High temperature").locator("[data-severity]").textContent()).toBe("Critical");
    expect(await row("Low pressure").locator("[data-severity]").textContent()).toBe("Minor");
    expect(await row("High temperature").getByRole("link", { name: "Boiler 3" }).getAttribute("href")).toBe(
      `/devices/${deviceId}`,
    );

    // Filters: severity, then a type that matches nothing.
    await page.getByLabel("Filter by severity").selectOption("CRITICAL");
    await expect.poll(() => row("Low pressure").count()).toBe(0);
    await row("High temperature").waitFor();
    await page.getByLabel("Filter by severity").selectOption("");
    await page.getByLabel("Search alarms").fill("pressure");
    await expect.poll(() => row("High temperature").count()).toBe(0);
    await row("Low pressure").waitFor();
    await page.getByLabel("Search alarms").fill("");
    await row("High temperature").waitFor();
    await screenshot(page, "alarms-list");
  });

  it("counts the device's active alarms on its row and its page", async () => {
    await page.goto("/devices");
    const device = page.getByRole("row").filter({ hasText: "Boiler 3" });
    const badge = device.getByTestId("alarm-count");
    await badge.waitFor();
    expect(await badge.textContent()).toBe("Critical· 2");
    expect(await badge.getAttribute("aria-label")).toBe(
      "2 active alarms on Boiler 3, the highest critical, 2 unacknowledged",
    );
    await screenshot(page, "devices-with-alarms");
    await device.click();
    await page.waitForURL(/\/devices\/[0-9a-f-]{36}$/);
    await page.getByTestId("device-name").getByTestId("alarm-count").click();
    await page.waitForURL(new RegExp(`/alarms\\?originatorId=${deviceId}$`));
    await row("Low pressure").waitFor();
    await page.getByText("Only Boiler 3").waitFor();
  });

  it("opens an alarm, comments on it and acknowledges it", async () => {
    await row("High temperature").getByRole("link", { name: "High temperature" }).click();
    await page.waitForURL(/\/alarms\/[0-9a-f-]{36}$/);
    alarmUrl = page.url();
    await page.getByTestId("alarm-type").getByText("High temperature").waitFor();
    expect(await page.getByTestId("alarm-details").textContent()).toContain('"temperature": 31.5');
    expect(await page.getByTestId("alarm-status").textContent()).toBe("Active, unacknowledged");

    await page.getByLabel("Add a comment").fill("Technician on the way");
    await page.getByRole("button", { name: "Comment" }).click();
    const timeline = page.getByTestId("alarm-timeline");
    await timeline.locator('[data-comment-type="OTHER"]').getByText("Technician on the way").waitFor();
    expect(await page.getByLabel("Add a comment").inputValue()).toBe("");

    // Escape closes the confirmation without doing anything.
    await page.getByRole("button", { name: "Clear", exact: true }).click();
    await page.getByRole("dialog", { name: "Clear this alarm" }).waitFor();
    await page.keyboard.press("Escape");
    await expect.poll(() => page.getByRole("dialog").count()).toBe(0);

    await page.getByRole("button", { name: "Acknowledge", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Acknowledge this alarm" });
    await dialog.getByRole("button", { name: "Acknowledge" }).click();
    await expect.poll(() => page.getByTestId("alarm-status").textContent()).toBe("Active, acknowledged");
    await timeline
      .locator('[data-comment-type="SYSTEM"]')
      .getByText(/^Acknowledged by alarms-/)
      .waitFor();
    expect(await page.getByRole("button", { name: "Acknowledge", exact: true }).isDisabled()).toBe(true);
    expect(await page.getByRole("button", { name: "Clear", exact: true }).isEnabled()).toBe(true);
    await screenshot(page, "alarm-detail");
  });

  it("lists the active alarms on a dashboard alarms widget, with Ack", async () => {
    const created = await page.request.post("/api/v1/dashboards", {
      headers: { origin: stack.url },
      data: {
        title: "Boiler room",
        configuration: {
          version: 1,
          widgets: [
            {
              id: "v",
              title: "Temperature",
              kind: "value",
              source: { type: "device", deviceId },
              keys: [{ key: "temperature" }],
              thresholds: [],
            },
            { id: "a", title: "Boiler alarms", kind: "alarms" },
          ],
          layout: [
            { i: "v", x: 0, y: 0, w: 4, h: 3 },
            { i: "a", x: 4, y: 0, w: 8, h: 3 },
          ],
          timeWindow: { type: "realtime", lastMs: 3_600_000 },
        },
      },
    });
    expect(created.status()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    await page.goto(`/dashboards/${id}`);
    const widget = page.locator('[data-widget-title="Boiler alarms"]');
    const item = (type: string) => widget.locator("li").filter({ hasText: type });
    await item("High temperature").waitFor();
    await item("Low pressure").waitFor();
    expect(await widget.getByText("2 active").count()).toBe(1);
    expect(
      await item("High temperature")
        .getByRole("button", { name: /^Acknowledge/ })
        .isDisabled(),
    ).toBe(true);
    await item("Low pressure")
      .getByRole("button", { name: /^Acknowledge/ })
      .click();
    await expect
      .poll(() =>
        item("Low pressure")
          .getByRole("button", { name: /^Acknowledge/ })
          .isDisabled(),
      )
      .toBe(true);
    await expect.poll(() => item("Low pressure").getByText("unacknowledged").count()).toBe(0);
    await screenshot(page, "dashboard-alarms-widget");
  });

  it("clears both alarms in bulk, after confirming", async () => {
    await page.goto("/alarms");
    await row("Low pressure").waitFor();
    await page.getByRole("checkbox", { name: "Select High temperature on Boiler 3" }).check();
    await page.getByRole("checkbox", { name: "Select Low pressure on Boiler 3" }).check();
    await page.getByText("2 selected").waitFor();
    await page.getByRole("toolbar", { name: "Selected alarms" }).getByRole("button", { name: "Clear" }).click();
    const dialog = page.getByRole("dialog", { name: "Clear alarms" });
    await dialog.getByText("Low pressure on Boiler 3").waitFor();
    await screenshot(page, "alarms-bulk-clear");
    await dialog.getByRole("button", { name: "Clear 2 alarms" }).click();
    await page.getByText("No active alarms").waitFor();

    await page.getByLabel("Filter by status").selectOption("CLEARED_ACK");
    await row("High temperature").waitFor();
    await row("Low pressure").waitFor();

    await page.goto(alarmUrl);
    await expect.poll(() => page.getByTestId("alarm-status").textContent()).toBe("Cleared, acknowledged");
    expect(await page.getByRole("button", { name: "Clear", exact: true }).isDisabled()).toBe(true);
    await page
      .getByTestId("alarm-timeline")
      .getByText(/^Cleared by alarms-/)
      .waitFor();

    await page.goto("/devices");
    await page.getByRole("row").filter({ hasText: "Boiler 3" }).waitFor();
    expect(await page.getByTestId("alarm-count").count()).toBe(0);
  });

  it("shows alarms as cards on a phone", async () => {
    await raise("Door open", "WARNING", null);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/alarms");
    const card = page.locator("[data-alarm-card]").filter({ hasText: "Door open" });
    await card.waitFor();
    expect(await card.isVisible()).toBe(true);
    expect(await page.getByRole("table").isVisible()).toBe(false);
    await screenshot(page, "alarms-phone");
    expect(consoleErrors).toEqual([]);
  });
});
