import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { launchBrowser, screenshot } from "./support/browser.ts";
import { startWebProcess, type WebProcess } from "./support/web-process.ts";

// Pages compile on their first visit in dev mode: allow for it on a busy two-core machine.
vi.setConfig({ testTimeout: 120_000 });

// One server and one browser for the file: Next dev compiles each page once, on first visit.
let web: WebProcess;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  [web, browser] = await Promise.all([startWebProcess(), launchBrowser()]);
  context = await browser.newContext({ baseURL: web.url, viewport: { width: 1360, height: 900 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: web.url });
  page = await context.newPage();
  page.setDefaultTimeout(60_000); // first visit of a page compiles it
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
});

describe("the console in a browser", () => {
  const email = `owner-${Date.now()}@example.test`;

  it("sends visitors to sign in", async () => {
    await page.goto("/devices");
    await page.waitForURL(/\/login/);
    await expect.poll(() => page.getByRole("heading", { name: "Sign in" }).isVisible()).toBe(true);
    await screenshot(page, "login");
  });

  it("signs up and lands on an empty device list", async () => {
    await page.goto("/signup");
    await page.getByLabel("Company or workspace name").fill("Riverside Water");
    await page.getByLabel("Work email").fill(email);
    await page.getByLabel("Password").fill("a very good password");
    await page.getByRole("button", { name: "Create workspace" }).click();
    await page.waitForURL(/\/devices$/);
    await page.getByText("No devices yet").waitFor();
    expect(await page.getByTestId("tenant-name").textContent()).toBe("Riverside Water");
    await screenshot(page, "devices-empty");
  });

  it("creates a device and copies its access token", async () => {
    await page.getByRole("button", { name: "Add device" }).first().click();
    await page.getByLabel("Name").fill("Pump station 7");
    await page.getByLabel("Type").fill("pump");
    await page.getByRole("dialog").getByRole("button", { name: "Add device" }).click();
    await page.waitForURL(/\/devices\/[0-9a-f-]{36}$/);
    await page.getByTestId("device-name").getByText("Pump station 7").waitFor();

    const token = (await page.getByTestId("access-token").textContent())?.trim() ?? "";
    expect(token).toMatch(/^[A-Za-z0-9]{20}$/);
    await page.getByTestId("access-token").locator("..").getByRole("button", { name: "Copy" }).click();
    await page.getByRole("button", { name: "Copied" }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
    expect(await page.getByTestId("mqtt-command").textContent()).toContain(`-u "${token}"`);
    await screenshot(page, "device");
  });

  it("lists, searches and opens the device", async () => {
    await page.goto("/devices");
    await page.getByRole("cell", { name: /Pump station 7/ }).waitFor();
    await page.getByLabel("Search devices").fill("nothing-like-this");
    await page.getByText("No devices match").waitFor();
    await page.getByLabel("Search devices").fill("pump");
    await page.getByRole("cell", { name: /Pump station 7/ }).click();
    await page.waitForURL(/\/devices\/[0-9a-f-]{36}$/);
    await screenshot(page, "devices-list");
  });

  it("signs out", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/login/);
    await page.goto("/devices");
    await page.waitForURL(/\/login/);
  });
});
