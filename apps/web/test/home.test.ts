import { createWorkspace, hashPassword } from "@industryos/api/testing";
import { createDatabaseClients, seedDemoTenant } from "@industryos/db";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { launchBrowser, screenshot } from "./support/browser.ts";
import { startStack, type Stack } from "./support/web-process.ts";

// Issue 24's "First steps": a new administrator starts at a home page whose checklist leads from
// adding a device to its first message (sent with the copied command to the ingest tier, seen live)
// and on; dismissing it is remembered. The demo tenant opens a "Plant overview" dashboard.
vi.setConfig({ testTimeout: 120_000 });

let stack: Stack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const password = "a very good password";
const email = `home-${Date.now()}@example.test`;
const consoleErrors: string[] = [];

async function withSystem<T>(work: (db: ReturnType<typeof createDatabaseClients>) => Promise<T>) {
  const db = createDatabaseClients({
    appUrl: stack.database.appUrl,
    systemUrl: stack.database.systemUrl,
    poolSize: 1,
  });
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack({ ingest: true }), launchBrowser()]);
  context = await browser.newContext({ baseURL: stack.url, viewport: { width: 1360, height: 900 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: stack.url });
  page = await context.newPage();
  page.setDefaultTimeout(60_000);
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(error.message));
  await withSystem(async (db) =>
    createWorkspace(db.system, { email, tenantName: "Kiln Works", passwordHash: await hashPassword(password) }),
  );
}, 15 * 60_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe("the home page's first steps", () => {
  it("greets a new administrator after sign-in with the checklist and counts", async () => {
    await page.goto("/login");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname === "/");
    await page.getByRole("heading", { name: "Welcome to Kiln Works" }).waitFor();
    await page.getByText("Get started · 0 of 4 done").waitFor();
    expect(await page.getByTestId("count-devices-online").textContent()).toContain("0");
    await screenshot(page, "home-new-workspace");
  });

  it("goes from Add device straight to its connect step, then turns green on the first message", async () => {
    await page.getByTestId("step-1").getByRole("button", { name: "Add device" }).click();
    const dialog = page.getByRole("dialog", { name: "Add a device" });
    await dialog.getByLabel("Name").fill("Kiln 1");
    await dialog.getByRole("button", { name: "Add device" }).click();
    await dialog.waitFor({ state: "detached" });
    await page.getByText("Get started · 1 of 4 done").waitFor();
    const waiting = page.getByTestId("first-message");
    await waiting.getByText("Waiting for the first message…").waitFor();
    const command = (await page.getByTestId("home-http-command").textContent()) ?? "";
    await screenshot(page, "home-waiting-for-first-message");

    // What the user would paste: the copied curl command's URL and body.
    const url = /curl -X POST (\S+)/.exec(command)?.[1];
    expect(url).toMatch(/\/api\/v1\/\w+\/telemetry$/);
    const sent = await fetch(url!, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ temperature: 25 }),
    });
    expect(sent.status).toBeLessThan(300);
    await waiting.getByText("First message received.").waitFor({ timeout: 10_000 });
    await screenshot(page, "home-first-message-received");

    await waiting.getByRole("button", { name: "Next step" }).click();
    await page.getByText("Get started · 2 of 4 done").waitFor();
    await page.getByTestId("step-3").getByRole("link", { name: "Build a dashboard" }).waitFor();
    await expect.poll(async () => page.getByTestId("count-devices-online").textContent()).toContain("1");
    // The one message sent, counted as it was stored (not by scanning telemetry); then one more over the REST API.
    const messagesToday = () => page.getByTestId("count-messages-today").textContent();
    await expect.poll(messagesToday, { timeout: 20_000 }).toMatch(/^Messages today1$/);
    const listed = await page.request.get("/api/v1/devices?search=Kiln");
    const device = ((await listed.json()) as { data: Array<{ id: string }> }).data[0]!.id;
    const posted = await page.request.post(`/api/v1/devices/${device}/telemetry`, {
      data: { temperature: 26 },
      headers: { origin: stack.url },
    });
    expect(posted.status()).toBe(200);
    await page.reload();
    await expect.poll(messagesToday, { timeout: 20_000 }).toMatch(/^Messages today2$/);
  });

  it("remembers that the checklist was dismissed, and brings it back", async () => {
    await page.getByRole("button", { name: "Dismiss" }).click();
    const restore = page.getByRole("button", { name: "Show the getting-started checklist" });
    await restore.waitFor();
    await page.reload();
    await restore.waitFor();
    expect(await page.getByText(/Get started ·/).count()).toBe(0);
    await restore.click();
    await page.getByText("Get started · 2 of 4 done").waitFor();
  });

  // A record for issue 24's phones section, which owns the navigation: the sidebar still takes half of a phone.
  it("shows the checklist on a phone", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByText("Get started · 2 of 4 done").waitFor();
    await screenshot(page, "home-phone");
    await page.setViewportSize({ width: 1360, height: 900 });
  });
  it("logged no script errors (a CSP violation by an inline style, say)", () => {
    expect(consoleErrors).toEqual([]);
  });
});

describe("the demo tenant", () => {
  it("opens a Plant overview over its devices", async () => {
    const demo = await withSystem((db) => seedDemoTenant(db, { password: "demo-password-1" }));
    const demoContext = await browser.newContext({ baseURL: stack.url, viewport: { width: 1440, height: 900 } });
    const demoPage = await demoContext.newPage();
    try {
      const login = await demoPage.request.post("/api/v1/auth/login", {
        data: { email: demo.email, password: "demo-password-1" },
        headers: { origin: stack.url },
      });
      expect(login.status()).toBe(200);
      // A few readings, as the simulator would send them, so the widgets have something to draw.
      const now = Date.now();
      for (const [i, device] of demo.devices.entries()) {
        const points = Array.from({ length: 12 }, (_, k) => ({
          ts: now - (11 - k) * 60_000,
          values: {
            temperature: 22 + i * 3 + Math.sin(k / 2) * 2,
            humidity: 45 + Math.cos(k / 3) * 5,
            pressure: 1013 + Math.sin(k / 4) * 4,
            power: 3.5 + i + Math.sin(k / 2),
            running: true,
          },
        }));
        const pushed = await demoPage.request.post(`/api/v1/devices/${device.id}/telemetry`, {
          data: points,
          headers: { origin: stack.url },
        });
        expect(pushed.status()).toBeLessThan(300);
      }
      await demoPage.goto("/dashboards");
      await demoPage.getByRole("link", { name: "Plant overview" }).click();
      await demoPage.getByText("Boiler room: temperature and humidity").waitFor();
      await demoPage.getByText("All devices").waitFor();
      await demoPage.getByText("Line 3 pressure").waitFor();
      await demoPage.waitForTimeout(2_000);
      await screenshot(demoPage, "demo-plant-overview");
    } finally {
      await demoContext.close();
    }
  });
});
