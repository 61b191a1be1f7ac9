import mqtt from "mqtt";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { launchBrowser, screenshot } from "./support/browser.ts";
import { signUpWithDevice } from "./support/tenant.ts";
import { startStack, type Stack } from "./support/web-process.ts";

// Issue 6's browser tests: build a live dashboard bound to a device, see MQTT telemetry arrive
// in a chart and a value card without reloading, then open its public link in a fresh context.
vi.setConfig({ testTimeout: 120_000 });

let stack: Stack;
let browser: Browser;
let page: Page;
let deviceId = "";
let accessToken = "";
let publicUrl = "";

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack({ ingest: true }), launchBrowser()]);
  const context = await browser.newContext({ baseURL: stack.url, viewport: { width: 1360, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(60_000);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Publishes like a device; `ts` (ms) sets the point's time, as ThingsBoard's `{ts, values}` form does. */
async function publish(values: Record<string, number>, ts?: number) {
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${stack.mqttPort}`, {
    username: accessToken,
    clientId: `e2e-${Date.now()}`,
    reconnectPeriod: 0,
  });
  await client.publishAsync("v1/devices/me/telemetry", JSON.stringify(ts ? { ts, values } : values), { qos: 1 });
  await client.endAsync();
}

describe("live dashboards", () => {
  it("signs up and has a device", async () => {
    ({ deviceId } = await signUpWithDevice(page, stack, { email: "dash", tenant: "Dashboards Inc", device: "Pump 1" }));
    const credentials = await page.request.get(`/api/v1/devices/${deviceId}/credentials`);
    accessToken = ((await credentials.json()) as { accessToken: string }).accessToken;
    expect(accessToken).toBeTruthy();
  });

  it("builds a dashboard with a chart and a value card bound to the device", async () => {
    await page.goto("/dashboards");
    await page.getByRole("button", { name: "New dashboard" }).click();
    await page.getByRole("dialog", { name: "New dashboard" }).getByLabel("Title").fill("Pump station dashboard");
    await page.getByRole("button", { name: "Create dashboard" }).click();
    await page.waitForURL(/\/dashboards\/[0-9a-f-]{36}$/);
    await page.getByRole("button", { name: "Edit" }).click();
    for (const kind of ["Time-series chart", "Latest value card"]) {
      await page.getByRole("button", { name: "Add widget" }).click();
      await page.getByRole("dialog").getByRole("button", { name: kind }).click();
      const settings = page.getByRole("dialog", { name: "Widget settings" });
      await settings.getByLabel("Device", { exact: true }).selectOption(deviceId);
      await settings.getByLabel("Key", { exact: true }).first().fill("temperature");
      await settings.getByRole("button", { name: "Apply" }).click();
    }
    await screenshot(page, "dashboard-builder");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("button", { name: "Edit" }).waitFor();
    await page.getByText("live").waitFor();
  });

  it("keeps a widget being added when the dashboard is loaded again meanwhile", async () => {
    // The page loads the dashboard again now and then (on focus, for one); an answer arriving
    // during an edit used to replace the dashboard and wipe the unsaved widget.
    const dashboardId = new URL(page.url()).pathname.split("/").pop()!;
    const rename = (title: string) =>
      page.request.patch(`/api/v1/dashboards/${dashboardId}`, { data: { title }, headers: { origin: stack.url } });
    await page.reload();
    await page.getByRole("button", { name: "Edit" }).click();
    const before = await page.locator("[data-widget-id]").count();
    await page.getByRole("button", { name: "Add widget" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Markdown text" }).click();
    await page.getByRole("dialog", { name: "Widget settings" }).getByRole("button", { name: "Apply" }).click();
    await expect.poll(() => page.locator("[data-widget-id]").count()).toBe(before + 1);
    // Renamed elsewhere: the new title on the page shows that the dashboard was loaded again.
    expect((await rename("Renamed meanwhile")).status()).toBe(200);
    const renamed = page.getByRole("heading", { name: "Renamed meanwhile" });
    await expect
      .poll(
        async () => {
          await page.evaluate(() => window.dispatchEvent(new Event("visibilitychange"))); // as when the tab is shown again
          return renamed.count();
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toBe(1);
    expect(await page.locator("[data-widget-id]").count()).toBe(before + 1);
    await page.getByRole("button", { name: "Cancel" }).click();
    await expect.poll(() => page.locator("[data-widget-id]").count()).toBe(before);
    expect((await rename("Pump station dashboard")).status()).toBe(200);
  });

  it("updates both widgets from MQTT telemetry without a reload", async () => {
    // A minute apart, so the chart's (aggregated, 1-hour window) line has two buckets to join.
    await publish({ temperature: 21.5 }, Date.now() - 60_000);
    await expect.poll(() => page.locator("[data-value]").first().textContent(), { timeout: 20_000 }).toContain("21.5");
    await publish({ temperature: 23.5 });
    await expect.poll(() => page.locator("[data-value]").first().textContent(), { timeout: 20_000 }).toContain("23.5");
    await expect.poll(() => page.locator(".recharts-line-curve").count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await screenshot(page, "dashboard-live");
  });

  it("opens the public link in a fresh context without signing in", async () => {
    await page.getByRole("button", { name: "Share" }).click();
    await page.getByRole("button", { name: "Make public" }).click();
    publicUrl = (await page.getByTestId("public-link").textContent()) ?? "";
    expect(publicUrl).toMatch(/\/public\/dashboards\/[A-Za-z0-9_-]{32}$/);
    const fresh = await browser.newContext({ viewport: { width: 1024, height: 800 } });
    const visitor = await fresh.newPage();
    await visitor.goto(publicUrl);
    await visitor.getByRole("heading", { name: "Pump station dashboard" }).waitFor();
    await publish({ temperature: 30 });
    await expect.poll(() => visitor.locator("[data-value]").first().textContent(), { timeout: 20_000 }).toContain("30");
    expect(await visitor.getByRole("button", { name: "Edit" }).count()).toBe(0);
    await screenshot(visitor, "dashboard-public");
    await fresh.close();
  });
});
