import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { launchBrowser, screenshot } from "./support/browser.ts";
import { signUpWithDevice } from "./support/tenant.ts";
import { startStack, type Stack } from "./support/web-process.ts";

// Issue 24, phones and tablets: the navigation as a drawer behind a menu button, pages no wider than
// the screen, the device page fitting, and a dashboard that stacks its widgets on a phone.
vi.setConfig({ testTimeout: 180_000 });

const PHONE = { width: 390, height: 844 };
const TABLET = { width: 768, height: 1024 };

let stack: Stack;
let browser: Browser;
let signedIn: BrowserContext;
let deviceId = "";
let dashboardId = "";
let ruleChainId = "";
/** The ids of the pages PAGES names by a placeholder (DEVICE, CHAIN, ASSET, ...). */
const detailIds: Record<string, string> = {};
const pageErrors: string[] = [];

/** A desktop layout: a note beside a value card, then a full-width table and two small notes. */
const DASHBOARD = {
  title: "Line 2 overview",
  configuration: {
    version: 1,
    widgets: [
      { id: "notes", title: "Shift notes", kind: "markdown", text: "Check the boiler at noon." },
      {
        id: "card",
        title: "Temperature",
        kind: "value",
        source: { type: "device", deviceId: "" },
        keys: [],
        thresholds: [],
      },
      {
        id: "table",
        title: "Latest values",
        kind: "table",
        source: { type: "device", deviceId: "" },
        keys: [],
        thresholds: [],
      },
      { id: "more", title: "Read me", kind: "markdown", text: "Second note." },
      { id: "last", title: "And me", kind: "markdown", text: "Third note." },
    ],
    layout: [
      { i: "notes", x: 0, y: 0, w: 8, h: 3 },
      { i: "card", x: 8, y: 0, w: 4, h: 2 },
      { i: "table", x: 0, y: 3, w: 12, h: 3 },
      { i: "more", x: 0, y: 6, w: 4, h: 2 },
      { i: "last", x: 4, y: 6, w: 4, h: 3 },
    ],
    timeWindow: { type: "realtime", lastMs: 3_600_000 },
  },
};

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  signedIn = await browser.newContext({ baseURL: stack.url, viewport: { width: 1360, height: 900 } });
  const setup = await signedIn.newPage();
  ({ deviceId } = await signUpWithDevice(setup, stack, {
    email: "mobile",
    tenant: "Pocket Plant",
    device: "Boiler 7",
  }));
  const headers = { origin: stack.url };
  for (const [placeholder, path, data] of [
    ["ASSET", "/api/v1/assets", { name: "North hall" }],
    ["CUSTOMER", "/api/v1/customers", { title: "Harbour Water" }],
    // Not a detail page: an edge so that /edges shows its table and cards rather than its empty state.
    ["EDGE", "/api/v1/edges", { name: "Quay 3 substation" }],
  ] as const) {
    const created = await setup.request.post(path, { data, headers });
    expect(created.status()).toBe(201);
    detailIds[placeholder] = ((await created.json()) as { id: string }).id;
  }
  for (const [placeholder, path] of [
    ["DEVICE_PROFILE", "/api/v1/device-profiles"],
    ["ASSET_PROFILE", "/api/v1/asset-profiles"],
  ] as const)
    detailIds[placeholder] = ((await (await setup.request.get(path)).json()) as { data: { id: string }[] }).data[0]!.id;
  DASHBOARD.configuration.widgets[1]!.source!.deviceId = deviceId;
  DASHBOARD.configuration.widgets[2]!.source!.deviceId = deviceId;
  const dashboard = await setup.request.post("/api/v1/dashboards", { data: DASHBOARD, headers });
  expect(dashboard.status()).toBe(201);
  dashboardId = ((await dashboard.json()) as { id: string }).id;
  const chains = (await (await setup.request.get("/api/v1/rule-chains")).json()) as { data: { id: string }[] };
  ruleChainId = chains.data[0]!.id;
  Object.assign(detailIds, { DEVICE: deviceId, CHAIN: ruleChainId });
  await setup.close();
}, 15 * 60_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function openAt(viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({
    baseURL: stack.url,
    viewport,
    storageState: await signedIn.storageState(),
  });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  page.on("pageerror", (error) => pageErrors.push(error.message));
  return page;
}

/** Waits for a console page to have drawn its heading and finished its requests. */
async function settle(page: Page) {
  // The rule-chain editor's title is a field (its h1 is the phone's "needs a wider screen" note).
  await page.locator("main h1:visible, main input[aria-label='Chain name']").first().waitFor();
  await page.waitForLoadState("networkidle");
  await expect.poll(() => page.getByText(/^Loading/).count(), { timeout: 30_000 }).toBe(0);
}

/** How much wider than the window the page is, and the elements that reach past its right edge. */
function overflow(page: Page) {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const offenders = [...document.querySelectorAll<HTMLElement>("main *")]
      .filter((el) => el.getBoundingClientRect().right > width + 1)
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`.slice(0, 120));
    return { excess: document.documentElement.scrollWidth - width, offenders };
  });
}

const PAGES = [
  "/",
  "/devices",
  "/devices/DEVICE",
  "/assets",
  "/assets/ASSET",
  "/customers",
  "/customers/CUSTOMER",
  "/alarms",
  "/notifications",
  "/dashboards",
  "/rule-chains",
  // The editor on a tablet, edge to edge under the top bar; on a phone, its "needs a wider screen".
  "/rule-chains/CHAIN",
  "/ota-packages",
  "/ota-campaigns",
  "/webhooks",
  "/edges",
  "/reports",
  "/device-profiles",
  "/device-profiles/DEVICE_PROFILE",
  "/asset-profiles",
  "/asset-profiles/ASSET_PROFILE",
  "/users",
  "/api-keys",
  "/audit-log",
  "/settings",
];

describe.each([
  ["phone", PHONE],
  ["tablet", TABLET],
])("on a %s", (name, viewport) => {
  let page: Page;
  beforeAll(async () => {
    page = await openAt(viewport);
  });
  afterAll(async () => {
    await page?.context().close();
  });

  it("opens the navigation from the menu button as a drawer that keeps the focus and closes", async () => {
    await page.goto("/devices");
    await settle(page);
    // No sidebar: the navigation is behind the menu button.
    expect(await page.getByRole("navigation").count()).toBe(0);
    const menu = page.getByRole("button", { name: "Open navigation" });
    const drawer = page.getByRole("dialog", { name: "Navigation" });

    await menu.click();
    await drawer.waitFor();
    expect(await menu.getAttribute("aria-expanded")).toBe("true");
    const box = await drawer.boundingBox();
    expect(box!.width).toBeLessThan(viewport.width);
    await screenshot(page, `mobile-${name}-navigation`);
    // Tab and Shift+Tab never leave the drawer.
    const focusInside = () => drawer.evaluate((el) => el.contains(document.activeElement));
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press("Tab");
      expect(await focusInside()).toBe(true);
    }
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press("Shift+Tab");
      expect(await focusInside()).toBe(true);
    }
    await page.keyboard.press("Escape");
    await expect.poll(() => drawer.count()).toBe(0);
    expect(await menu.evaluate((el) => el === document.activeElement)).toBe(true);

    // A tap on the page beside the drawer closes it.
    await menu.click();
    await drawer.waitFor();
    await page.mouse.click(viewport.width - 12, viewport.height / 2);
    await expect.poll(() => drawer.count()).toBe(0);

    // Following a link navigates and closes it.
    await menu.click();
    await drawer.getByRole("link", { name: "Customers", exact: true }).click();
    await page.waitForURL(/\/customers$/);
    await page.getByRole("heading", { name: "Customers" }).waitFor();
    await expect.poll(() => drawer.count()).toBe(0);
    expect(await menu.getAttribute("aria-expanded")).toBe("false");
    // The workspace and the account are in the drawer too.
    await menu.click();
    expect(await drawer.getByTestId("tenant-name").textContent()).toBe("Pocket Plant");
    expect(await drawer.getByRole("button", { name: "Sign out" }).isVisible()).toBe(true);
    await drawer.getByRole("button", { name: "Close navigation" }).click();
    await expect.poll(() => drawer.count()).toBe(0);
  });

  it("shows every page within the screen's width, tables scrolling in their own box", async () => {
    const tooWide: string[] = [];
    for (const entry of PAGES) {
      const path = entry.replace(/[A-Z_]{2,}$/, (placeholder) => detailIds[placeholder]!);
      await page.goto(path);
      await settle(page);
      const { excess, offenders } = await overflow(page);
      if (excess > 0) tooWide.push(`${path}: ${excess}px too wide (${offenders.join(" | ")})`);
      await screenshot(page, `mobile-${name}${entry === "/" ? "-home" : entry.replace(/\//g, "-").toLowerCase()}`);
    }
    expect(tooWide).toEqual([]);
  });

  it("lists the audit log as cards on a phone (a wide table there would scroll) and as a table wider up", async () => {
    await page.goto("/audit-log");
    await settle(page);
    await page.getByLabel("Entity type").selectOption("DEVICE");
    // The device made at sign-up: what was done to which entity, when, and by whom.
    const entry = page
      .getByRole(name === "phone" ? "listitem" : "row")
      .filter({ hasText: "added" })
      .filter({ hasText: "device Boiler 7" })
      .filter({ hasText: /mobile-\d+@example\.test/ })
      .filter({ hasText: /\d{1,2}:\d{2}/ });
    await entry.waitFor();
    expect(await page.getByRole("table").count()).toBe(name === "phone" ? 0 : 1);
    await screenshot(page, `mobile-${name}-audit-log-entries`);
  });

  it("fits the device page: its cards lie within the screen", async () => {
    await page.goto(`/devices/${deviceId}`);
    await settle(page);
    await page.getByRole("heading", { name: "Boiler 7" }).waitFor();
    const cards = await page.locator("main section").evaluateAll((sections) =>
      sections.map((s) => {
        const r = s.getBoundingClientRect();
        return { left: r.left, right: r.right };
      }),
    );
    expect(cards.length).toBeGreaterThan(2);
    for (const card of cards) {
      expect(card.left).toBeGreaterThanOrEqual(0);
      expect(card.right).toBeLessThanOrEqual(viewport.width);
    }
  });

  it("lays a dashboard's widgets out for the screen", async () => {
    await page.goto(`/dashboards/${dashboardId}`);
    await page.getByRole("heading", { name: "Line 2 overview" }).waitFor();
    const grid = page.locator("[data-grid-breakpoint]");
    await grid.waitFor();
    await page.getByText("Check the boiler at noon.").waitFor();
    const gridBox = (await grid.boundingBox())!;
    const widgets = await page.locator("[data-widget-id]").evaluateAll((els) =>
      els
        .map((el) => {
          const r = el.getBoundingClientRect();
          return { id: el.getAttribute("data-widget-id"), x: r.x, y: r.y, width: r.width, bottom: r.bottom };
        })
        .sort((a, b) => a.y - b.y || a.x - b.x),
    );
    expect(widgets).toHaveLength(5);
    expect((await overflow(page)).excess).toBeLessThanOrEqual(0);
    if (name === "phone") {
      // Stacked: one full-width widget a row, in the desktop's reading order.
      expect(await grid.getAttribute("data-grid-breakpoint")).toBe("stacked");
      expect(widgets.map((w) => w.id)).toEqual(["notes", "card", "table", "more", "last"]);
      for (const [i, w] of widgets.entries()) {
        expect(w.width).toBeGreaterThan(gridBox.width - 30);
        if (i > 0) expect(w.y).toBeGreaterThanOrEqual(widgets[i - 1]!.bottom);
      }
      // Editing is for wider screens, and the page says so instead of offering it.
      expect(await page.getByRole("button", { name: "Edit" }).count()).toBe(0);
      await page.getByText(/Editing this dashboard needs a wider screen/).waitFor();
    } else {
      // A tablet's grid is wide enough for the saved layout, editable, no widget squeezed.
      expect(await grid.getAttribute("data-grid-breakpoint")).toBe("wide");
      for (const w of widgets) expect(w.width).toBeGreaterThan(200);
      expect(await page.getByRole("button", { name: "Edit" }).isVisible()).toBe(true);
    }
    await screenshot(page, `mobile-${name}-dashboard`);
  });
});

describe("between a phone and a tablet", () => {
  it("shows a dashboard two widgets a row, wide ones and one without a neighbour alone", async () => {
    const page = await openAt({ width: 600, height: 900 });
    try {
      await page.goto(`/dashboards/${dashboardId}`);
      const grid = page.locator("[data-grid-breakpoint]");
      await grid.waitFor();
      await page.getByText("Third note.").waitFor();
      expect(await grid.getAttribute("data-grid-breakpoint")).toBe("twoUp");
      const box = async (id: string) => (await page.locator(`[data-widget-id="${id}"]`).boundingBox())!;
      const [notes, card, table, more, last] = [
        await box("notes"),
        await box("card"),
        await box("table"),
        await box("more"),
        await box("last"),
      ];
      // The 8-column note and the table fill their rows, and so does the value card, which a wide
      // widget follows; the two small notes share a row, half each.
      for (const full of [card, table]) expect(Math.abs(full.width - notes.width)).toBeLessThan(2);
      expect(more.width).toBeLessThan(notes.width * 0.55);
      expect(Math.abs(more.width - last.width)).toBeLessThan(2);
      expect(more.y).toBe(last.y);
      expect(last.x).toBeGreaterThan(more.x + more.width);
      expect(card.y).toBeGreaterThanOrEqual(notes.y + notes.height);
      await screenshot(page, "mobile-600-dashboard");
    } finally {
      await page.context().close();
    }
  });

  it("logged no script errors", () => {
    expect(pageErrors).toEqual([]);
  });
});
