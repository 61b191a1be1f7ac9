import mqtt from "mqtt";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { launchBrowser, screenshot } from "./support/browser.ts";
import { signUpWithDevice } from "./support/tenant.ts";
import { startStack, type Stack } from "./support/web-process.ts";

// Issue 24's charts: a dashboard chart over a fixed window spans that window, labels its ticks
// once each, breaks the line where the device fell silent, shows raw points when few (and names
// the aggregation when not), and draws each key in the colour its settings swatch shows.
vi.setConfig({ testTimeout: 120_000 });

const MINUTE = 60_000;
// Five minutes that ended a while ago, on whole minutes: the axis must run from `from` to `to`.
const from = Math.floor(Date.now() / MINUTE) * MINUTE - 10 * MINUTE;
const to = from + 5 * MINUTE;
// The browser and this process read times in the same zone and language.
const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const hoursMinutes = new Intl.DateTimeFormat("en-US", { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

let stack: Stack;
let browser: Browser;
let page: Page;
let deviceId = "";
let accessToken = "";
let dashboardUrl = "";

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack({ ingest: true }), launchBrowser()]);
  const context = await browser.newContext({
    baseURL: stack.url,
    viewport: { width: 1360, height: 900 },
    locale: "en-US",
    timezoneId: timeZone,
  });
  page = await context.newPage();
  page.setDefaultTimeout(60_000);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Publishes past points like a device, in ThingsBoard's `[{ts, values}]` form, a few hundred per message. */
async function publish(points: Array<{ ts: number; values: Record<string, number> }>) {
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${stack.mqttPort}`, {
    username: accessToken,
    clientId: `charts-${Date.now()}`,
    reconnectPeriod: 0,
  });
  for (let i = 0; i < points.length; i += 200) {
    await client.publishAsync("v1/devices/me/telemetry", JSON.stringify(points.slice(i, i + 200)), { qos: 1 });
  }
  await client.endAsync();
}

const chart = (id: string) => page.locator(`[data-widget-id="${id}"]`);

describe("dashboard charts", () => {
  it("has a device that reported with a gap, a burst, and a key with too many points to draw raw", async () => {
    ({ deviceId } = await signUpWithDevice(page, stack, { email: "charts", tenant: "Charts Inc", device: "Boiler" }));
    const credentials = await page.request.get(`/api/v1/devices/${deviceId}/credentials`);
    accessToken = ((await credentials.json()) as { accessToken: string }).accessToken;
    const temperature = [];
    // Every 5 s from 0:20 to 1:40 and from 3:20 to 4:40 into the window: silent for 100 s between.
    for (let s = 20; s <= 280; s += 5)
      if (s <= 100 || s >= 200) temperature.push({ ts: from + s * 1000, values: { temperature: 20 + (s % 7) } });
    // A burst of six readings within half a second.
    for (let i = 0; i < 6; i++) temperature.push({ ts: from + 62_000 + i * 100, values: { temperature: 30 + i } });
    // 1,200 pressure readings, five a second for four minutes: more than a chart draws raw.
    const pressure = Array.from({ length: 1200 }, (_, i) => ({
      ts: from + 30_000 + i * 200,
      values: { pressure: 3 + (i % 10) / 10 },
    }));
    await publish([...temperature, ...pressure]);
  });

  it("creates a dashboard of two charts over a fixed window", async () => {
    const widget = (id: string, key: string) => ({
      id,
      title: `${key} chart`,
      kind: "timeseries",
      source: { type: "device", deviceId },
      keys: [{ key }],
      chart: "line",
    });
    const created = await page.request.post("/api/v1/dashboards", {
      headers: { origin: stack.url },
      data: {
        title: "Boiler charts",
        configuration: {
          version: 1,
          widgets: [widget("temperature", "temperature"), widget("pressure", "pressure")],
          layout: [
            { i: "temperature", x: 0, y: 0, w: 12, h: 4 },
            { i: "pressure", x: 0, y: 4, w: 12, h: 4 },
          ],
          timeWindow: { type: "fixed", from, to },
        },
      },
    });
    expect(created.status()).toBe(201);
    dashboardUrl = `/dashboards/${((await created.json()) as { id: string }).id}`;
    await page.goto(dashboardUrl);
    await chart("temperature").locator(".recharts-line-curve").waitFor();
  });

  it("spans the window on the time axis with unique tick labels", async () => {
    // Recharts 3 draws tick labels in a layer of their own, outside the axis' group.
    const labels = await chart("temperature")
      .locator(".recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value")
      .allTextContents();
    expect(labels[0]).toBe(hoursMinutes.format(from));
    expect(labels.at(-1)).toBe(hoursMinutes.format(to));
    expect(labels.length).toBeGreaterThanOrEqual(4);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it("breaks the line at the gap and draws the few points raw", async () => {
    const d = (await chart("temperature").locator(".recharts-line-curve").getAttribute("d")) ?? "";
    // Each segment of a broken line starts with its own move-to.
    expect(d.match(/M/g)?.length).toBe(2);
    const legend = await chart("temperature").locator(".recharts-legend-wrapper").textContent();
    expect(legend).toBe("temperature");
  });

  it("names the aggregation in the legend when the window holds too many points", async () => {
    await expect
      .poll(() => chart("pressure").locator(".recharts-legend-wrapper").textContent(), { timeout: 20_000 })
      .toBe("pressure · avg per 1 s");
    await screenshot(page, "charts-fixed-window");
  });

  it("draws the key in the colour its settings swatch shows", async () => {
    const stroke = await chart("temperature").locator(".recharts-line-curve").getAttribute("stroke");
    await page.getByRole("button", { name: "Edit" }).click();
    await chart("temperature").getByRole("button", { name: "Settings" }).click();
    const swatch = await page.getByRole("dialog", { name: "Widget settings" }).getByLabel("Colour").inputValue();
    expect(swatch.toLowerCase()).toBe(stroke?.toLowerCase());
    await screenshot(page, "charts-swatch");
  });
});
