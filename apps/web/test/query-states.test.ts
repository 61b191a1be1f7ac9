import { createDatabaseClients } from "@industryos/db";
import { createTelemetryStore, type TenantTelemetryRow } from "@industryos/db/telemetry";
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page, Route } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { launchBrowser, screenshot } from "./support/browser.ts";
import { signUpWithDevice } from "./support/tenant.ts";
import { startStack, type Stack } from "./support/web-process.ts";

// What the console's views (QueryView) show while a query is in flight or after it failed: the
// requests are held back or answered with an error through Playwright's routing. Each test has a
// browser context and page of its own, and whatever it held back or failed ends with it, so one
// test failing with a request held does not take the next ones down too.
vi.setConfig({ testTimeout: 120_000 });

let stack: Stack;
let browser: Browser;
let contextOptions: BrowserContextOptions;
let context: BrowserContext;
let page: Page;
let deviceId = "";
/** What ends a test's held or failed routes, run after it whether it passed or not. */
let cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  contextOptions = { baseURL: stack.url, viewport: { width: 1360, height: 900 } };

  // A tenant with a customer and a device that has numeric and text telemetry, signed in once:
  // each test's context starts with this session.
  const setup = await browser.newContext(contextOptions);
  try {
    const signedUp = await signUpWithDevice(await setup.newPage(), stack, {
      email: "states",
      tenant: "States Ltd",
      device: "Flow meter",
    });
    deviceId = signedUp.deviceId;
    const customer = await setup.request.post("/api/v1/customers", {
      data: { title: "Harbor Co" },
      headers: { origin: stack.url },
    });
    expect(customer.status()).toBe(201);

    // Through the telemetry store the API reads from: "flow" (the first key, charted first) has
    // numbers in the last hour, "status" only text.
    const db = createDatabaseClients({
      appUrl: stack.database.appUrl,
      systemUrl: stack.database.systemUrl,
      poolSize: 1,
    });
    try {
      const now = Date.now();
      const rows: TenantTelemetryRow[] = Array.from({ length: 10 }, (_, i) => ({
        entityId: deviceId,
        key: "flow",
        ts: now - (10 - i) * 60_000,
        value: { type: "DOUBLE", value: 3.5 + i },
      }));
      rows.push({ entityId: deviceId, key: "status", ts: now - 60_000, value: { type: "STRING", value: "ok" } });
      expect(
        await createTelemetryStore({ appPool: db.appPool, systemPool: db.systemPool }).writeForTenant(
          signedUp.tenantId,
          rows,
        ),
      ).toBe(11);
    } finally {
      await db.close();
    }
    contextOptions.storageState = await setup.storageState();
  } finally {
    await setup.close();
  }
}, 240_000);

beforeEach(async () => {
  context = await browser.newContext(contextOptions);
  // Every "No numeric values of …" a document shows, however briefly (anew on each navigation).
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { emptyChartSeen: string[] }).emptyChartSeen = seen;
    new MutationObserver(() => {
      const shown = /No numeric values of \w+/.exec(document.body?.textContent ?? "")?.[0];
      if (shown && !seen.includes(shown)) seen.push(shown);
    }).observe(document, { childList: true, subtree: true, characterData: true });
  });
  page = await context.newPage();
  page.setDefaultTimeout(60_000);
});

afterEach(async () => {
  const ending = cleanups;
  cleanups = [];
  try {
    for (const cleanup of ending.reverse()) await cleanup().catch(() => {});
  } finally {
    await context?.close();
  }
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const emptyChartSeen = () => page.evaluate(() => (window as unknown as { emptyChartSeen: string[] }).emptyChartSeen);
const card = (title: string) =>
  page.locator("section").filter({ has: page.getByRole("heading", { name: title, level: 2 }) });

/** Opens the device's page and waits for its history chart (the first key, "flow"). */
async function openDeviceWithChart() {
  await page.goto(`/devices/${deviceId}`);
  await page.getByTestId("telemetry-chart").waitFor();
}

/** The procedures a tRPC batch request (`/api/trpc/a.b,c.d?batch=1…`) calls, in the order of its answers. */
const proceduresOf = (url: URL) =>
  url.pathname.startsWith("/api/trpc/") ? decodeURIComponent(url.pathname.slice("/api/trpc/".length)).split(",") : [];
const calling = (procedure: string) => (url: URL) => proceduresOf(url).includes(procedure);

/**
 * Holds back every tRPC request that calls `procedure` (or every request `procedure` matches)
 * until release(), then hands it to the routes set before (fail) or the server.
 */
async function hold(procedure: string | ((url: URL) => boolean)) {
  const matches = typeof procedure === "string" ? calling(procedure) : procedure;
  let open = () => {};
  const gate = new Promise<void>((resolve) => (open = resolve));
  let held = 0;
  const handler = async (route: Route) => {
    held++;
    await gate;
    await route.fallback().catch(() => {}); // the page may have gone meanwhile
  };
  await page.route(matches, handler);
  const release = async () => {
    open();
    await page.unroute(matches, handler);
  };
  cleanups.push(release);
  return { held: () => held, release };
}

/** Answers `procedure`'s part of every tRPC batch with a server error, the batch's other calls as the server does. */
async function fail(procedure: string) {
  const matches = calling(procedure);
  let failed = 0;
  const error = {
    error: {
      message: "The service is unavailable",
      code: -32603,
      data: { code: "INTERNAL_SERVER_ERROR", httpStatus: 500, path: procedure },
    },
  };
  const handler = async (route: Route) => {
    failed++;
    const procedures = proceduresOf(new URL(route.request().url()));
    try {
      const answers = (await (await route.fetch()).json()) as unknown[];
      const body = answers.map((answer, i) => (procedures[i] === procedure ? error : answer));
      await route.fulfill({ status: procedures.every((p) => p === procedure) ? 500 : 207, json: body });
    } catch {
      // the page went meanwhile
    }
  };
  await page.route(matches, handler);
  const stop = () => page.unroute(matches, handler);
  cleanups.push(stop);
  return { failed: () => failed, stop };
}

/** Answers every request `matches` matches with a 503 and a plain-text body, as a proxy in front of the console might. */
async function failPlain(matches: (url: URL) => boolean) {
  let failed = 0;
  const handler = async (route: Route) => {
    failed++;
    await route.fulfill({ status: 503, contentType: "text/plain", body: "Service Unavailable" }).catch(() => {});
  };
  await page.route(matches, handler);
  const stop = () => page.unroute(matches, handler);
  cleanups.push(stop);
  return { failed: () => failed, stop };
}

/** Presses "Try again" while the retried request is held: the button shows the retry in flight, and the error stays. */
async function pressTryAgainWhileHeld(alert: Locator, retried: { held(): number }, errorText: string) {
  await alert.getByRole("button", { name: "Try again" }).click();
  await expect.poll(() => retried.held(), { timeout: 60_000 }).toBeGreaterThan(0);
  const retrying = alert.getByRole("button", { name: "Retrying…" });
  await retrying.waitFor({ timeout: 5_000 });
  expect(await retrying.isDisabled()).toBe(true);
  expect(await retrying.getAttribute("aria-busy")).toBe("true");
  expect(await alert.getByText(errorText).isVisible()).toBe(true);
}

describe("the console's views while loading and after an error", () => {
  it("shows the history card loading, not an empty window, while its history is in flight, then the chart", async () => {
    const history = await hold("telemetry.history");
    await page.goto(`/devices/${deviceId}`);
    await expect.poll(() => history.held(), { timeout: 60_000 }).toBeGreaterThan(0);
    await page.waitForTimeout(1_000); // long enough for a wrong empty state to have shown
    expect(await emptyChartSeen()).toEqual([]);
    await card("History").getByRole("status").getByText("Loading flow…").waitFor();
    expect(await page.getByTestId("telemetry-chart").count()).toBe(0);
    await screenshot(page, "history-loading");
    await history.release();
    await page.getByTestId("telemetry-chart").waitFor();
    expect(await card("History").getByRole("status").count()).toBe(0);
    expect(await emptyChartSeen()).toEqual([]);
  });

  it("keeps the previous chart, at its height, while another window's history is in flight", async () => {
    await openDeviceWithChart();
    // The card's body, not the card: the grid stretches a card to its row, hiding its content shrinking.
    const body = card("History").locator(":scope > div");
    const heightBefore = (await body.boundingBox())!.height;
    const history = await hold("telemetry.history");
    await card("History").getByLabel("Time window").selectOption("24h");
    await expect.poll(() => history.held(), { timeout: 60_000 }).toBeGreaterThan(0);
    await page.waitForTimeout(1_000);
    expect(await emptyChartSeen()).toEqual([]);
    await card("History").getByRole("status").getByText("Loading flow…").waitFor();
    expect((await body.boundingBox())!.height).toBeGreaterThanOrEqual(heightBefore);
    expect(await page.getByTestId("telemetry-chart").isVisible()).toBe(true);
    await screenshot(page, "history-window-loading");
    await history.release();
    await expect.poll(() => card("History").getByRole("status").count()).toBe(0);
    expect((await body.boundingBox())!.height).toBe(heightBefore);
    expect(await emptyChartSeen()).toEqual([]);
  });

  it("says there are no numeric values once a key's history has none", async () => {
    await openDeviceWithChart();
    await card("History").getByLabel("Telemetry key").selectOption("status");
    await card("History").getByText("No numeric values of status in this window").waitFor();
    expect(await emptyChartSeen()).toEqual(["No numeric values of status"]);
  });

  it("does not carry a key's empty window over to the next key while that one loads", async () => {
    await openDeviceWithChart();
    await card("History").getByLabel("Telemetry key").selectOption("status");
    await card("History").getByText("No numeric values of status in this window").waitFor();
    await card("History").getByLabel("Telemetry key").selectOption("flow");
    await page.getByTestId("telemetry-chart").waitFor();
    expect(await emptyChartSeen()).toEqual(["No numeric values of status"]);
  });

  it("offers Try again on a list page's error, shows it retrying, the error again when that fails, then the list", async () => {
    const customers = await fail("customers.list");
    await page.goto("/customers");
    // (Next's route announcer is an alert too.)
    const alert = page.getByRole("alert").filter({ hasText: "Something went wrong" });
    await alert.getByText("The service is unavailable").waitFor();
    expect(customers.failed()).toBeGreaterThanOrEqual(3); // react-query's own two retries came first
    await screenshot(page, "customers-error");

    const retried = await hold("customers.list");
    await pressTryAgainWhileHeld(alert, retried, "The service is unavailable");
    await screenshot(page, "customers-retrying");
    const failedBefore = customers.failed();
    await retried.release();
    await alert.getByRole("button", { name: "Try again" }).waitFor();
    expect(customers.failed()).toBeGreaterThan(failedBefore);
    expect(await alert.getByRole("button", { name: "Try again" }).isEnabled()).toBe(true);
    expect(await alert.getByText("The service is unavailable").isVisible()).toBe(true);

    await customers.stop();
    await alert.getByRole("button", { name: "Try again" }).click();
    await page.getByRole("cell", { name: "Harbor Co" }).waitFor();
    expect(await alert.count()).toBe(0);
  });

  it("offers Try again on the device page's error, shows it retrying, then the device", async () => {
    const device = await fail("devices.get");
    await page.goto(`/devices/${deviceId}`);
    const alert = page.getByRole("alert").filter({ hasText: "Something went wrong" });
    await alert.getByText("The service is unavailable").waitFor();
    expect(device.failed()).toBeGreaterThanOrEqual(3); // react-query's own two retries came first

    // The retry is held, then answered by the server: fail() is stopped before it is released.
    const retried = await hold("devices.get");
    await pressTryAgainWhileHeld(alert, retried, "The service is unavailable");
    await screenshot(page, "device-retrying");
    await device.stop();
    await retried.release();
    await page.getByTestId("device-name").getByText("Flow meter").waitFor();
    expect(await alert.count()).toBe(0);
  });

  it("offers Try again on the connect card's error, shows it retrying, then the access token", async () => {
    const info = await fail("devices.connectionInfo");
    await page.goto(`/devices/${deviceId}`);
    const alert = card("Connect this device").getByRole("alert");
    await alert.getByText("The service is unavailable").waitFor();
    expect(info.failed()).toBeGreaterThanOrEqual(3); // react-query's own two retries came first
    // Only the connection info failed: the rest of the page loaded.
    await page.getByTestId("device-name").getByText("Flow meter").waitFor();

    const retried = await hold("devices.connectionInfo");
    await pressTryAgainWhileHeld(alert, retried, "The service is unavailable");
    await screenshot(page, "connect-card-retrying");
    await info.stop();
    await retried.release();
    await card("Connect this device").getByTestId("access-token").waitFor();
    await card("Connect this device").getByTestId("mqtt-command").waitFor();
    expect(await alert.count()).toBe(0);
  });

  it("offers Try again on the API reference's error from a proxy's plain-text 503, shows it retrying, then the reference", async () => {
    const openapi = calling("reference.openApi");
    const answers = await failPlain(openapi);
    await page.goto("/api-docs");
    const alert = page.getByRole("alert").filter({ hasText: "Something went wrong" });
    await alert.getByText("The server could not be reached (HTTP 503).").waitFor();
    expect(answers.failed()).toBeGreaterThanOrEqual(3); // react-query's own two retries came first
    await screenshot(page, "api-docs-error");

    const retried = await hold(openapi);
    await pressTryAgainWhileHeld(alert, retried, "The server could not be reached (HTTP 503).");
    await screenshot(page, "api-docs-retrying");
    await answers.stop();
    await retried.release();
    await page.getByRole("heading", { name: "API reference", level: 1 }).waitFor();
    await page.getByRole("link", { name: "/api/v1/openapi.json" }).waitFor();
    await page.locator(".swagger-ui .opblock-tag").first().waitFor();
    expect(await alert.count()).toBe(0);
  });

  it("offers Try again when the signed-in account cannot be loaded, shows it retrying, then the console", async () => {
    const me = await fail("auth.me");
    await page.goto("/customers");
    const alert = page.getByRole("alert").filter({ hasText: "Could not load your account" });
    await alert.getByText("The service is unavailable").waitFor();
    expect(me.failed()).toBeGreaterThanOrEqual(3); // react-query's own two retries came first
    // The frame stays, without what needs the account: no navigation, tenant or Sign out.
    expect(await page.getByText("IndustryOS").first().isVisible()).toBe(true);
    expect(await page.getByRole("navigation").count()).toBe(0);
    expect(await page.getByTestId("tenant-name").count()).toBe(0);
    expect(await page.getByRole("button", { name: "Sign out" }).count()).toBe(0);
    await screenshot(page, "account-error");

    const retried = await hold("auth.me");
    await pressTryAgainWhileHeld(alert, retried, "The service is unavailable");
    await screenshot(page, "account-retrying");
    await me.stop();
    await retried.release();
    await page.getByRole("cell", { name: "Harbor Co" }).waitFor();
    expect(await page.getByTestId("tenant-name").textContent()).toBe("States Ltd");
    expect(await page.getByRole("navigation").getByRole("link", { name: "Customers" }).isVisible()).toBe(true);
    expect(await page.getByRole("button", { name: "Sign out" }).isVisible()).toBe(true);
    expect(await alert.count()).toBe(0);
  });

  it("sends an expired session to sign in again instead of offering Try again", async () => {
    await context.clearCookies();
    await page.goto("/customers");
    await page.waitForURL((url) => url.pathname === "/login" && url.searchParams.get("next") === "/customers");
    expect(await page.getByRole("button", { name: "Try again" }).count()).toBe(0);
  });

  it("offers Try again on the relations card's error, which loads both directions", async () => {
    const relations = await fail("relations.list");
    await page.goto(`/devices/${deviceId}`);
    const alert = card("Relations").getByRole("alert");
    await alert.getByText("The service is unavailable").waitFor();
    // Only the relations failed: the rest of the page loaded.
    await page.getByTestId("telemetry-chart").waitFor();
    await relations.stop();
    await alert.getByRole("button", { name: "Try again" }).click();
    // One direction still failing would keep the card's error.
    await card("Relations").getByText("Not related to anything yet").waitFor();
    expect(await card("Relations").getByRole("alert").count()).toBe(0);
  });

  it("keeps a card's values under the error when a refresh fails, and drops the error when one succeeds", async () => {
    await page.goto(`/devices/${deviceId}`);
    const latest = card("Latest telemetry");
    await latest.getByTestId("telemetry-flow").waitFor();
    const refreshes = await fail("telemetry.latest");
    await latest.getByRole("alert").getByText("The service is unavailable").waitFor();
    expect(await latest.getByTestId("telemetry-flow").isVisible()).toBe(true);
    await screenshot(page, "latest-telemetry-refresh-error");
    await refreshes.stop();
    await expect.poll(() => latest.getByRole("alert").count(), { timeout: 30_000 }).toBe(0);
    expect(await latest.getByTestId("telemetry-flow").isVisible()).toBe(true);
  });
});
