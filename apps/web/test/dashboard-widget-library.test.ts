import type { Locator } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { screenshot } from "./support/browser.ts";
import { openConsoleSession, type ConsoleSession } from "./support/console-session.ts";
import { signUpWithDevice } from "./support/tenant.ts";

// Issue 24's widget library beyond the map and entities table: a state chart (on/off timeline over the
// window), a bar chart with one bar per device of a profile, and an image with live value markers, each
// built in the dashboard builder, live, with its empty state, on a phone too. This machine is offline:
// an image URL that cannot load must still show its markers.
vi.setConfig({ testTimeout: 120_000 });

let session: ConsoleSession;
const devices: Record<string, string> = {};
/** expect.poll waits 1 s by default; live values after a page load may take longer on a busy machine. */
const SOON = { timeout: 20_000 };
const MINUTE = 60_000;

beforeAll(async () => {
  session = await openConsoleSession({ timeout: 60_000, context: { viewport: { width: 1360, height: 1000 } } });
  // A script error's stack, for the log (the last test fails on any).
  session.page.on("pageerror", (error) => console.error("[page error]", error.stack));
}, 240_000);

afterAll(async () => {
  await session?.close();
});

const page = () => session.page;

async function post(path: string, data: unknown, status = 201) {
  const response = await page().request.post(`/api/v1${path}`, { data, headers: { origin: session.stack.url } });
  expect(response.status(), `${path}: ${await response.text()}`).toBe(status);
  return (await response.json()) as { id: string };
}

const telemetry = (device: string, body: unknown) => post(`/devices/${devices[device]}/telemetry`, body, 200);
const widget = (title: string) => page().locator(`[data-widget-title="${title}"]`);
/** The values written beside the bars, top to bottom (a device without a value has no bar and no label). */
const barLabels = async (bars: Locator) =>
  (await bars.locator(".recharts-label").evaluateAll((labels) => labels.map((l) => l.textContent ?? ""))).filter(
    (text) => text.trim() !== "",
  );
/** The states of a state chart's segments, left to right. */
const segments = (chart: Locator) =>
  chart.locator("[data-state-segment]").evaluateAll((s) => s.map((e) => e.getAttribute("data-state-segment")));

/** Edit mode's Add widget for `kind`, its settings filled by `fill`, applied. */
async function addWidget(kind: string, fill: (settings: Locator) => Promise<void>) {
  await page().getByRole("button", { name: "Add widget" }).click();
  await page().getByRole("dialog").getByRole("button", { name: kind }).click();
  const settings = page().getByRole("dialog", { name: "Widget settings" });
  await fill(settings);
  await settings.getByRole("button", { name: "Apply" }).click();
  await settings.waitFor({ state: "hidden" });
}

async function oneDevice(settings: Locator, title: string, device: string) {
  await settings.getByLabel("Title").fill(title);
  await settings.getByLabel("Source", { exact: true }).selectOption("device");
  await settings.getByLabel("Device", { exact: true }).selectOption({ label: device });
}

describe("state chart, bar chart by device and image with live values", () => {
  it("has a profile of three presses: two with temperatures, Press A running on, off, on over the last hour", async () => {
    await signUpWithDevice(page(), session.stack, { email: "widgets", tenant: "Widgets Inc", device: "Gateway" });
    const profile = await post("/device-profiles", { name: "Presses" });
    for (const name of ["Press A", "Press B", "Press C"])
      devices[name] = (await post("/devices", { name, profileId: profile.id })).id;
    const now = Date.now();
    await telemetry("Press A", [
      { ts: now - 50 * MINUTE, values: { running: true } },
      { ts: now - 30 * MINUTE, values: { running: false } },
      { ts: now - 10 * MINUTE, values: { running: true } },
    ]);
    await telemetry("Press A", { temperature: 71 });
    await telemetry("Press B", { temperature: 40 });
  });

  it("builds the three widgets in the console, the image from an uploaded picture with a marker placed by a click", async () => {
    await page().goto("/dashboards");
    await page().getByRole("button", { name: "New dashboard" }).click();
    await page().getByRole("dialog", { name: "New dashboard" }).getByLabel("Title").fill("Press hall");
    await page().getByRole("button", { name: "Create dashboard" }).click();
    await page().waitForURL(/\/dashboards\/[0-9a-f-]{36}$/);
    await page().getByRole("button", { name: "Edit" }).click();

    await addWidget("State chart (on/off timeline)", async (settings) => {
      await oneDevice(settings, "Press A running", "Press A");
      await settings.getByLabel("Key", { exact: true }).fill("running");
    });
    await addWidget("Bar chart by device", async (settings) => {
      await settings.getByLabel("Title").fill("Temperatures");
      await settings.getByLabel("Source", { exact: true }).selectOption("devicesOfProfile");
      await settings.getByLabel("Device profile").selectOption({ label: "Presses" });
      await settings.getByLabel("Key", { exact: true }).fill("temperature");
      await settings.getByLabel("Unit", { exact: true }).fill("°C");
    });
    // A picture to upload: a screenshot of the page so far is a real PNG.
    const picture = await page().screenshot({ clip: { x: 0, y: 0, width: 800, height: 500 } });
    await addWidget("Image with live values", async (settings) => {
      await oneDevice(settings, "Press A on the floor plan", "Press A");
      // A marker without a key is refused in words, and Apply waits.
      await settings.getByRole("button", { name: "Add marker" }).click();
      await settings.getByText("Every marker needs a key").waitFor();
      expect(await settings.getByRole("button", { name: "Apply" }).isDisabled()).toBe(true);
      await settings.getByLabel("Marker key").fill("temperature");
      await settings.getByLabel("Marker unit").fill("°C");
      await settings.locator('input[type="file"]').setInputFiles({
        name: "floor.png",
        mimeType: "image/png",
        buffer: picture,
      });
      await settings.getByPlaceholder("Uploaded image").waitFor();
      // A click on the preview three quarters across and a quarter down places the chosen marker there.
      const preview = settings.locator("[data-image-preview] img");
      await preview.waitFor();
      const box = (await preview.boundingBox())!;
      await page().mouse.click(box.x + box.width * 0.75, box.y + box.height * 0.25);
      await expect.poll(() => settings.getByLabel("Marker x").inputValue()).toMatch(/^7[45](\.\d)?$/);
      await expect.poll(() => settings.getByLabel("Marker y").inputValue()).toMatch(/^2[45](\.\d)?$/);
      await screenshot(page(), "widget-library-image-settings");
    });
    await addWidget("Image with live values", async (settings) => {
      await oneDevice(settings, "Offline picture", "Press A");
      await settings.getByLabel("Image URL").fill("https://floor-plans.invalid/hall.png");
      await settings.getByRole("button", { name: "Add marker" }).click();
      await settings.getByLabel("Marker key").fill("temperature");
    });
    await addWidget("Bar chart by device", async (settings) => {
      await settings.getByLabel("Title").fill("Not set up");
    });
    await page().getByRole("button", { name: "Save" }).click();
    await page().getByRole("button", { name: "Edit" }).waitFor();
  });

  it("draws Press A's running state as On, Off, On across the window, and a live change extends it", async () => {
    const chart = widget("Press A running");
    await expect.poll(() => segments(chart), SOON).toEqual(["On", "Off", "On"]);
    expect(await chart.locator("[data-state-legend]").allInnerTexts()).toEqual(["Off", "On"]);
    // The first segment starts 10 minutes into the hour: its left edge is about a sixth of the way across.
    const row = (await chart.locator("[data-state-row]").boundingBox())!;
    const first = (await chart.locator("[data-state-segment]").first().boundingBox())!;
    expect((first.x - row.x) / row.width).toBeCloseTo(1 / 6, 1);
    await telemetry("Press A", { running: "off" });
    await expect.poll(() => segments(chart), SOON).toEqual(["On", "Off", "On", "Off"]);
  });

  it("shows one bar per press with its latest temperature, live, and Press C without a bar", async () => {
    const bars = widget("Temperatures");
    await expect.poll(() => barLabels(bars), SOON).toEqual(["71 °C", "40 °C"]);
    // The device axis names every press, the one without a value too.
    const texts = await bars.locator("svg text").evaluateAll((all) => all.map((t) => t.textContent ?? ""));
    expect(texts.filter((text) => text.startsWith("Press"))).toEqual(["Press A", "Press B", "Press C"]);
    await telemetry("Press B", { temperature: 55 });
    await expect.poll(() => barLabels(bars), SOON).toEqual(["71 °C", "55 °C"]);
  });

  it("places Press A's temperature over the uploaded picture where it was clicked, live", async () => {
    const image = widget("Press A on the floor plan");
    const marker = image.locator('[data-image-marker="temperature"]');
    await expect.poll(() => marker.locator("[data-value]").innerText(), SOON).toBe("71 °C");
    const picture = (await image.locator("img").boundingBox())!;
    const badge = (await marker.boundingBox())!;
    expect((badge.x + badge.width / 2 - picture.x) / picture.width).toBeCloseTo(0.75, 1);
    expect((badge.y + badge.height / 2 - picture.y) / picture.height).toBeCloseTo(0.25, 1);
    await telemetry("Press A", { temperature: 73.5 });
    await expect.poll(() => marker.locator("[data-value]").innerText(), SOON).toBe("73.5 °C");
    await screenshot(page(), "widget-library-dashboard");
  });

  it("shows the markers of an image that cannot load (offline) on a plain panel, and says what a widget lacks", async () => {
    const offline = widget("Offline picture");
    await offline.locator("[data-image-missing]").waitFor();
    expect(await offline.locator("[data-image-missing]").innerText()).toMatch(/could not be loaded/);
    await expect.poll(() => offline.locator("[data-image-marker] [data-value]").innerText(), SOON).toBe("73.5");
    expect(await widget("Not set up").innerText()).toMatch(/Choose a data source and keys in the settings/);
  });

  it("on a phone: the widgets stack full width and still show their data", async () => {
    await page().setViewportSize({ width: 390, height: 844 });
    const chart = widget("Press A running");
    const bars = widget("Temperatures");
    await chart.locator("[data-state-segment]").first().waitFor();
    await expect.poll(async () => (await barLabels(bars)).length, SOON).toBe(2);
    // The grid switches to its stacked layout once it has measured the narrower page: wait for that.
    await expect.poll(async () => (await chart.boundingBox())!.width, SOON).toBeLessThanOrEqual(390);
    const [chartBox, barsBox] = [(await chart.boundingBox())!, (await bars.boundingBox())!];
    expect(barsBox.y).toBeGreaterThanOrEqual(chartBox.y + chartBox.height);
    await widget("Press A on the floor plan").locator('[data-image-marker="temperature"]').waitFor();
    await screenshot(page(), "widget-library-phone");
    await page().setViewportSize({ width: 1360, height: 1000 });
  });

  it("ran with no script errors", () => {
    expect(session.consoleErrors).toEqual([]);
  });
});
