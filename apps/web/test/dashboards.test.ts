import mqtt from "mqtt";
import type { Browser, Page, Request } from "playwright-core";
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
  page.on("dialog", (dialog) => void dialog.accept(dialog.type() === "prompt" ? "Pump station dashboard" : undefined));
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

  it("keeps a widget being added when an earlier answer for the dashboard arrives late", async () => {
    // React's development mode loads the page's data twice; the first answer is held back here
    // until an edit is under way. It used to replace the dashboard and wipe the unsaved widget.
    const dashboardId = new URL(page.url()).pathname.split("/").pop()!;
    let asked = 0;
    let held: Request | undefined;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const route = `**/api/v1/dashboards/${dashboardId}`;
    await page.route(route, async (request) => {
      if (request.request().method() === "GET" && asked++ === 0) {
        held = request.request();
        await released;
      }
      await request.continue();
    });
    await page.reload();
    await page.getByRole("button", { name: "Edit" }).click();
    const before = await page.locator("[data-widget-id]").count();
    await page.getByRole("button", { name: "Add widget" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Markdown text" }).click();
    await page.getByRole("dialog", { name: "Widget settings" }).getByRole("button", { name: "Apply" }).click();
    await expect.poll(() => page.locator("[data-widget-id]").count()).toBe(before + 1);
    expect(asked).toBeGreaterThanOrEqual(2); // otherwise the page would still be loading
    release();
    await held!.response();
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 200))); // React applies what it got
    expect(await page.locator("[data-widget-id]").count()).toBe(before + 1);
    await page.getByRole("button", { name: "Cancel" }).click();
    await expect.poll(() => page.locator("[data-widget-id]").count()).toBe(before);
    await page.unroute(route);
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
    publicUrl = await page.getByLabel("Public link").inputValue();
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
