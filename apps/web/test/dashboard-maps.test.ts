import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { launchBrowser, screenshot } from "./support/browser.ts";
import { signUpWithDevice } from "./support/tenant.ts";
import { startStack, type Stack } from "./support/web-process.ts";

// Issue 24's browser test: a map of devices (clustered markers, live positions) and an entities table
// (attribute and telemetry columns, sorting) whose row and marker clicks open a "Device details" state
// for that device, with a breadcrumb back. This machine is offline: the map's default OpenStreetMap
// tiles never load, and the markers must show anyway with no script errors.
vi.setConfig({ testTimeout: 120_000 });

let stack: Stack;
let browser: Browser;
let page: Page;
const scriptErrors: string[] = [];
const devices: Record<string, string> = {};
/** expect.poll waits 1 s by default; live values after a page load may take longer on a busy machine. */
const SOON = { timeout: 20_000 };

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  const context = await browser.newContext({ baseURL: stack.url, viewport: { width: 1360, height: 1000 } });
  page = await context.newPage();
  page.setDefaultTimeout(60_000);
  page.on("pageerror", (error) => scriptErrors.push(error.message));
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const headers = () => ({ origin: stack.url });

async function post(path: string, data: unknown, status = 201) {
  const response = await page.request.post(`/api/v1${path}`, { data, headers: headers() });
  expect(response.status(), `${path}: ${await response.text()}`).toBe(status);
  return (await response.json()) as { id: string };
}

const telemetry = (device: string, values: Record<string, number>) =>
  post(`/devices/${devices[device]}/telemetry`, values, 200);

/** The names in the entities table, top to bottom. */
const tableNames = (table: Locator) =>
  table.locator("[data-entity-row]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-entity-row")));

describe("map and entities table with a device details state", () => {
  it("has a profile of four pumps: two 85 m apart in Berlin, one in Munich (server attributes), one not placed yet", async () => {
    await signUpWithDevice(page, stack, { email: "maps", tenant: "Maps Inc", device: "Gateway" });
    const profile = await post("/device-profiles", { name: "Field pumps" });
    const placed: Array<[string, number, number, number, string]> = [
      ["Pump 2", 52.52, 13.405, 71, "east"],
      ["Pump 10", 52.5206, 13.4058, 9.5, "North"],
      ["Pump 7", 48.137, 11.575, 40, "South"],
    ];
    for (const [name, latitude, longitude, temperature, site] of placed) {
      devices[name] = (await post("/devices", { name, profileId: profile.id })).id;
      await post(`/devices/${devices[name]}/attributes/SERVER`, { latitude, longitude, site }, 200);
      await telemetry(name, { temperature });
    }
    devices["Pump 12"] = (await post("/devices", { name: "Pump 12", profileId: profile.id })).id;
  });

  it("builds the dashboard in the console: a details state with a value card, then a map and a table that open it", async () => {
    await page.goto("/dashboards");
    await page.getByRole("button", { name: "New dashboard" }).click();
    await page.getByRole("dialog", { name: "New dashboard" }).getByLabel("Title").fill("Pump field");
    await page.getByRole("button", { name: "Create dashboard" }).click();
    await page.waitForURL(/\/dashboards\/[0-9a-f-]{36}$/);
    await page.getByRole("button", { name: "Edit" }).click();

    // A state without a name is refused in words.
    await page.getByRole("button", { name: "Add state" }).click();
    const naming = page.getByRole("dialog", { name: "Add dashboard state" });
    await naming.getByRole("button", { name: "Add state" }).click();
    await naming.getByText("Give the state a name.").waitFor();
    await naming.getByLabel("State name").fill("Device details");
    await naming.getByRole("button", { name: "Add state" }).click();
    await expect.poll(() => page.getByLabel("Dashboard state").inputValue()).not.toBe("");

    await addWidget("Latest value card", async (settings) => {
      await settings
        .getByLabel("Source", { exact: true })
        .selectOption({ label: "Entity the dashboard state was opened for" });
    });

    await page.getByLabel("Dashboard state").selectOption({ label: "Default" });
    await addWidget("Map of devices", async (settings) => {
      // A tile URL that is not one is explained, and Apply waits for a good one.
      const tileUrl = settings.getByLabel("Tile URL");
      const defaultTiles = await tileUrl.inputValue();
      expect(defaultTiles).toBe("https://tile.openstreetmap.org/{z}/{x}/{y}.png");
      await tileUrl.fill("tiles.local");
      await settings.getByText("The tile URL must start with http:// or https://").waitFor();
      expect(await settings.getByRole("button", { name: "Apply" }).isDisabled()).toBe(true);
      await tileUrl.fill(defaultTiles);
      await chooseProfileAndDetails(settings);
      await settings.getByRole("button", { name: "Add column" }).click();
      await settings.getByLabel("Column key").last().fill("temperature");
    });
    await addWidget("Entities table", async (settings) => {
      await chooseProfileAndDetails(settings);
      await settings.getByRole("button", { name: "Add column" }).click();
      await settings.getByLabel("Column key").last().fill("site");
      await settings.getByLabel("Column from").last().selectOption("SERVER");
    });
    await screenshot(page, "dashboard-maps-builder");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("button", { name: "Edit" }).waitFor();
  });

  it("shows the two Berlin pumps as one cluster and Munich's as a marker, with no tiles reachable", async () => {
    const map = page.locator('[data-widget-title="Map"]');
    await map.locator('[data-map-cluster="2"]').waitFor();
    await map.locator('[data-map-marker="Pump 7"]').waitFor();
    expect(await map.locator("[data-map-marker]").count()).toBe(1);
    await screenshot(page, "dashboard-maps-clustered");
  });

  it("places a device live once it sends its position as telemetry", async () => {
    const map = page.locator('[data-widget-title="Map"]');
    await telemetry("Pump 12", { latitude: 53.55, longitude: 9.99 });
    await map.locator('[data-map-marker="Pump 12"]').waitFor();
    await map.locator('[data-map-cluster="2"]').waitFor();
  });

  it("splits the cluster when clicked, and a marker's popup shows the device's name and values", async () => {
    const map = page.locator('[data-widget-title="Map"]');
    await map.locator('[data-map-cluster="2"]').click();
    await map.locator('[data-map-marker="Pump 2"]').waitFor();
    await map.locator('[data-map-marker="Pump 10"]').waitFor();
    await map.locator('[data-map-marker="Pump 10"]').click();
    const popup = map.locator('[data-map-popup="Pump 10"]');
    await popup.waitFor();
    expect(await popup.innerText()).toMatch(/^Pump 10\s+temperature\s*9\.5/);
    await screenshot(page, "dashboard-maps-popup");
  });

  it("lists the profile's devices with their attribute and telemetry columns, sorted by name, then by a column both ways", async () => {
    const table = page.locator('[data-widget-title="Devices"]');
    await table.locator('[data-entity-row="Pump 12"]').waitFor();
    expect(await tableNames(table)).toEqual(["Pump 2", "Pump 7", "Pump 10", "Pump 12"]);
    expect(await table.locator('[data-entity-row="Pump 7"] td').allInnerTexts()).toEqual(["Pump 7", "40", "South"]);
    await table.getByRole("button", { name: "temperature" }).click();
    // Numbers by value (9.5 before 40), and a device without a temperature last either way.
    expect(await tableNames(table)).toEqual(["Pump 10", "Pump 7", "Pump 2", "Pump 12"]);
    await table.getByRole("button", { name: "temperature" }).click();
    expect(await tableNames(table)).toEqual(["Pump 2", "Pump 7", "Pump 10", "Pump 12"]);
    expect(await table.locator("th[aria-sort=descending]").innerText()).toMatch(/temperature/i);
    await table.getByRole("button", { name: "site" }).click();
    expect(await tableNames(table)).toEqual(["Pump 2", "Pump 10", "Pump 7", "Pump 12"]);
    await screenshot(page, "dashboard-maps-table-sorted");
  });

  it("opens the details state for a clicked row, live, with a breadcrumb back", async () => {
    await page.locator('[data-entity-row="Pump 7"]').click();
    const breadcrumb = page.getByRole("navigation", { name: "Breadcrumb" });
    await breadcrumb.waitFor();
    expect(await breadcrumb.innerText()).toMatch(/Pump field\s*›\s*Device details\s*›\s*Pump 7/);
    const card = page.locator('[data-widget-title="Value"] [data-value]');
    await expect.poll(() => card.innerText(), SOON).toBe("40.0");
    await telemetry("Pump 7", { temperature: 41.5 });
    await expect.poll(() => card.innerText(), SOON).toBe("41.5");
    expect(await page.locator('[data-widget-title="Devices"]').count()).toBe(0);
    await screenshot(page, "dashboard-maps-details");

    await breadcrumb.getByRole("button", { name: "Pump field" }).click();
    await page.locator('[data-widget-title="Devices"] [data-entity-row="Pump 7"]').waitFor();
    expect(await breadcrumb.count()).toBe(0);
  });

  it("keeps the details state in the URL: the browser's Back and Forward move between them, a reload stays", async () => {
    await page.locator('[data-entity-row="Pump 2"]').click();
    const card = page.locator('[data-widget-title="Value"] [data-value]');
    await expect.poll(() => card.innerText(), SOON).toBe("71.0");
    await page.goBack();
    await page.locator('[data-widget-title="Devices"] [data-entity-row="Pump 2"]').waitFor();
    await page.goForward();
    await expect.poll(() => card.innerText(), SOON).toBe("71.0");
    await page.reload();
    expect(await page.getByRole("navigation", { name: "Breadcrumb" }).innerText()).toMatch(/›\s*Pump 2$/);
    await expect.poll(() => card.innerText(), SOON).toBe("71.0");
    await page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("button", { name: "Pump field" }).click();
    await page.locator('[data-widget-title="Devices"] [data-entity-row="Pump 2"]').waitFor();
  });

  it("opens the same state from a map marker's popup", async () => {
    const map = page.locator('[data-widget-title="Map"]');
    await map.locator('[data-map-marker="Pump 7"]').click();
    await map.locator('[data-map-popup="Pump 7"]').getByRole("button", { name: "Open details" }).click();
    expect(await page.getByRole("navigation", { name: "Breadcrumb" }).innerText()).toMatch(/›\s*Pump 7$/);
    await expect.poll(() => page.locator('[data-widget-title="Value"] [data-value]').innerText(), SOON).toBe("41.5");
    await page.getByRole("button", { name: "Pump field" }).click();
  });

  it("on a phone: the map and the table stack and still show the devices", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const map = page.locator('[data-widget-title="Map"]');
    await map.locator("[data-map-cluster], [data-map-marker]").first().waitFor();
    const table = page.locator('[data-widget-title="Devices"]');
    await table.locator('[data-entity-row="Pump 2"]').waitFor();
    const [mapBox, tableBox] = [await map.boundingBox(), await table.boundingBox()];
    expect(mapBox!.width).toBeLessThanOrEqual(390);
    expect(tableBox!.y).toBeGreaterThanOrEqual(mapBox!.y + mapBox!.height);
    await screenshot(page, "dashboard-maps-phone");
    await page.setViewportSize({ width: 1360, height: 1000 });
  });

  it("on a public link, a row opens the details state and its entity-from-state card shows the clicked pump, live", async () => {
    await page.getByRole("button", { name: "Share" }).click();
    await page.getByRole("button", { name: "Make public" }).click();
    const publicUrl = (await page.getByTestId("public-link").textContent()) ?? "";
    expect(publicUrl).toMatch(/\/public\/dashboards\/[A-Za-z0-9_-]{32}$/);
    const anonymous = await browser.newContext({ viewport: { width: 1360, height: 1000 } });
    try {
      const visitor = await anonymous.newPage();
      visitor.on("pageerror", (error) => scriptErrors.push(error.message));
      await visitor.goto(publicUrl);
      await visitor.locator('[data-widget-title="Devices"] [data-entity-row="Pump 7"]').click();
      const card = visitor.locator('[data-widget-title="Value"] [data-value]');
      await expect.poll(() => card.innerText(), SOON).toBe("41.5");
      await telemetry("Pump 7", { temperature: 42.5 });
      await expect.poll(() => card.innerText(), SOON).toBe("42.5");
      await screenshot(visitor, "dashboard-maps-public-details");
    } finally {
      await anonymous.close();
    }
  });

  it("ran with no script errors (unreachable tiles included)", () => {
    expect(scriptErrors).toEqual([]);
  });
});

/** Edit mode's Add widget for `kind`, its settings filled by `fill`, applied. */
async function addWidget(kind: string, fill: (settings: Locator) => Promise<void>) {
  await page.getByRole("button", { name: "Add widget" }).click();
  await page.getByRole("dialog").getByRole("button", { name: kind }).click();
  const settings = page.getByRole("dialog", { name: "Widget settings" });
  await fill(settings);
  await settings.getByRole("button", { name: "Apply" }).click();
  await settings.waitFor({ state: "hidden" });
}

async function chooseProfileAndDetails(settings: Locator) {
  await settings.getByLabel("Source", { exact: true }).selectOption("devicesOfProfile");
  await settings.getByLabel("Device profile").selectOption({ label: "Field pumps" });
  await settings.getByLabel("Clicking a device opens").selectOption({ label: "Device details" });
}
