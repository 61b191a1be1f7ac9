import { startResendServer } from "@industryos/api/testing";
import { createSystemAdmin } from "@industryos/api/system-admin";
import { createDatabaseClients } from "@industryos/db";
import mqtt from "mqtt";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { launchBrowser, screenshot } from "./support/browser.ts";
import { startStack, type Stack } from "./support/web-process.ts";

// Pages compile on their first visit in dev mode: allow for it on a busy two-core machine.
vi.setConfig({ testTimeout: 120_000 });

// One stack (web + ingest over one database), one Resend stand-in and one browser for the file.
let stack: Stack;
let resend: Awaited<ReturnType<typeof startResendServer>>;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let deviceUrl = "";
let accessToken = "";
const consoleErrors: string[] = [];

beforeAll(async () => {
  resend = await startResendServer();
  [stack, browser] = await Promise.all([
    startStack({ ingest: true, env: { RESEND_API_KEY: resend.apiKey, RESEND_BASE_URL: resend.baseUrl } }),
    launchBrowser(),
  ]);
  context = await browser.newContext({ baseURL: stack.url, viewport: { width: 1360, height: 900 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: stack.url });
  page = await context.newPage();
  page.setDefaultTimeout(60_000);
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(error.message));
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await resend?.close();
});

describe("a newcomer in the console", () => {
  const email = `owner-${Date.now()}@example.test`;

  it("is sent to sign in first", async () => {
    await page.goto("/devices");
    await page.waitForURL(/\/login/);
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    const response = await page.request.get("/login");
    expect(response.headers()["x-frame-options"]).toBe("DENY");
    await screenshot(page, "login");
  });

  it("signs up and lands on an empty device list", async () => {
    await page.goto("/signup");
    await page.getByLabel("Company or workspace name").fill("Riverside Water");
    await page.getByLabel("Work email").fill(email);
    await page.getByLabel("Password").fill("a very good password");
    await screenshot(page, "signup");
    await page.getByRole("button", { name: "Create workspace" }).click();
    // Sign-up is confirmed by email: the form says so, the emailed link creates the workspace.
    await page.getByRole("heading", { name: "Check your email" }).waitFor();
    const link = resend.linkSentTo(email);
    expect(link).toContain("/signup?confirm=");
    await page.goto(link!);
    // A new workspace starts at the home page's checklist (issue 24); its device list is empty.
    await page.waitForURL((url) => url.pathname === "/");
    await page.getByRole("heading", { name: "Welcome to Riverside Water" }).waitFor();
    await page.goto("/devices");
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
    deviceUrl = page.url();
    await page.getByTestId("device-name").getByText("Pump station 7").waitFor();

    accessToken = (await page.getByTestId("access-token").textContent())?.trim() ?? "";
    expect(accessToken).toMatch(/^[A-Za-z0-9]{20}$/);
    await page.getByTestId("access-token").locator("..").getByRole("button", { name: "Copy" }).click();
    await page.getByRole("button", { name: "Copied" }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(accessToken);
    expect(await page.getByTestId("mqtt-command").textContent()).toContain(
      `-p ${stack.mqttPort} -t v1/devices/me/telemetry -u "${accessToken}"`,
    );
  });

  it("sees a value published over MQTT with the copied token appear on the device page", async () => {
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${stack.mqttPort}`, {
      username: accessToken,
      clientId: "e2e-pump",
      reconnectPeriod: 0,
    });
    try {
      await client.publishAsync("v1/devices/me/telemetry", JSON.stringify({ temperature: 23.7, pressure: 1013 }), {
        qos: 1,
      });
    } finally {
      await client.endAsync();
    }
    await expect
      .poll(
        () =>
          page
            .getByTestId("telemetry-temperature")
            .textContent()
            .catch(() => null),
        { timeout: 20_000 },
      )
      .toBe("23.7");
    expect(await page.getByTestId("telemetry-pressure").textContent()).toBe("1,013");
    await page.getByTestId("telemetry-chart").waitFor();
    await screenshot(page, "device-with-telemetry");
  });

  it("sets a shared attribute from the device page and the connected device receives it", async () => {
    const device = await mqtt.connectAsync(`mqtt://127.0.0.1:${stack.mqttPort}`, {
      username: accessToken,
      clientId: "e2e-pump-attributes",
      reconnectPeriod: 0,
    });
    try {
      const received: unknown[] = [];
      device.on("message", (_topic, payload) => received.push(JSON.parse(payload.toString())));
      await device.subscribeAsync("v1/devices/me/attributes", { qos: 1 });
      await page.getByLabel("Attribute key").fill("targetTemperature");
      await page.getByLabel("Attribute value").fill("21.5");
      await page.getByRole("button", { name: "Save", exact: true }).first().click();
      await page.getByRole("cell", { name: "targetTemperature" }).waitFor();
      expect(
        await page
          .getByRole("row", { name: /targetTemperature/ })
          .getByRole("cell")
          .nth(1)
          .textContent(),
      ).toBe("21.5");
      await expect.poll(() => received, { timeout: 10_000 }).toContainEqual({ targetTemperature: 21.5 });
    } finally {
      await device.endAsync();
    }
  });

  it("opens the live-update WebSocket with the session cookie", async () => {
    const opened = await page.evaluate(
      () =>
        new Promise<boolean>((resolve) => {
          const socket = new WebSocket(`${location.origin.replace("http", "ws")}/api/ws`);
          socket.onopen = () => {
            socket.close();
            resolve(true);
          };
          socket.onerror = () => resolve(false);
        }),
    );
    expect(opened).toBe(true);
  });

  it("sends an RPC from the device page and shows the device's answer", async () => {
    const device = await mqtt.connectAsync(`mqtt://127.0.0.1:${stack.mqttPort}`, {
      username: accessToken,
      clientId: "e2e-pump-rpc",
      reconnectPeriod: 0,
    });
    try {
      await device.subscribeAsync("v1/devices/me/rpc/request/+", { qos: 1 });
      device.on("message", (topic, payload) => {
        const request = JSON.parse(payload.toString()) as { method: string; params: { open?: boolean } };
        const id = topic.split("/").pop();
        void device.publishAsync(
          `v1/devices/me/rpc/response/${id}`,
          JSON.stringify({ valve: request.params.open ? "open" : "closed" }),
        );
      });
      await page.getByLabel("Method").fill("setValve");
      await page.getByLabel("Params (JSON)").fill('{"open": true}');
      await page.getByRole("button", { name: "Send", exact: true }).click();
      await page.getByText('"valve": "open"').waitFor({ timeout: 20_000 });
    } finally {
      await device.endAsync();
    }
  });

  it("delivers a command clicked once to an offline device exactly once, and says the device did not answer", async () => {
    await page.getByLabel("Method").fill("openValve");
    await page.getByLabel("Params (JSON)").fill('{"valve": 3}');
    await page.getByLabel("Timeout (s)").fill("2");
    const sent: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("rpc.send")) sent.push(request.url());
    });
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await page.getByText("The device did not answer in time").waitFor({ timeout: 20_000 });
    // The device comes online after the timeout, as in the incident: it must find nothing queued.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    const device = await mqtt.connectAsync(`mqtt://127.0.0.1:${stack.mqttPort}`, {
      username: accessToken,
      clientId: "e2e-pump-late",
      reconnectPeriod: 0,
    });
    const received: string[] = [];
    try {
      device.on("message", (_topic, payload) => received.push(payload.toString()));
      await device.subscribeAsync("v1/devices/me/rpc/request/+", { qos: 1 });
      await new Promise((resolve) => setTimeout(resolve, 3_000));
    } finally {
      await device.endAsync();
    }
    expect(received.filter((r) => r.includes("openValve"))).toEqual([]);
    expect(sent).toHaveLength(1);
    const db = createDatabaseClients({
      appUrl: stack.database.appUrl,
      systemUrl: stack.database.systemUrl,
      poolSize: 1,
    });
    try {
      expect(await db.system.rpcRequest.count({ where: { method: "openValve" } })).toBe(1);
    } finally {
      await db.close();
    }
  });

  it("searches the device list", async () => {
    await page.goto("/devices");
    await page.getByRole("cell", { name: /^Pump station 7/ }).waitFor();
    await page.getByLabel("Search devices").fill("nothing-like-this");
    await page.getByText("No devices match").waitFor();
    await page.getByLabel("Search devices").fill("pump");
    await page.getByRole("cell", { name: /^Pump station 7/ }).waitFor();
    await screenshot(page, "devices-list");
    // Opened from the keyboard (the row's own click is mouse-only), and Back returns to the list at once.
    await page.getByRole("link", { name: "Pump station 7" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/devices\/[0-9a-f-]{36}$/);
    await page.goBack();
    await page.waitForURL(/\/devices(\?.*)?$/);
  });

  it("invites a customer user who sees only the device assigned to the customer", async () => {
    // A second device that stays with the tenant.
    await page.getByRole("button", { name: "Add device" }).first().click();
    await page.getByLabel("Name").fill("Head office boiler");
    await page.getByRole("dialog").getByRole("button", { name: "Add device" }).click();
    await page.waitForURL(/\/devices\/[0-9a-f-]{36}$/);

    await page.goto("/customers");
    await page.getByRole("button", { name: "Add customer" }).click();
    await page.getByRole("dialog").getByLabel("Name").fill("Harbor Co");
    await page.getByRole("dialog").getByRole("button", { name: "Add customer" }).click();
    await page.getByRole("cell", { name: "Harbor Co" }).waitFor();
    await screenshot(page, "customers");

    await page.goto(deviceUrl);
    await page.getByLabel("Customer").selectOption({ label: "Harbor Co" });
    await page.getByRole("button", { name: "Save", exact: true }).last().click();
    await page.getByText("customer Harbor Co").waitFor();
    // The customer's device count links to the device list filtered to that customer.
    await page.goto("/customers");
    await page.getByRole("link", { name: "1", exact: true }).click();
    await page.waitForURL(/\/devices\?customerId=/);
    await page.getByRole("cell", { name: /^Pump station 7/ }).waitFor();
    expect(await page.getByRole("cell", { name: /Head office boiler/ }).count()).toBe(0);

    await page.goto("/users");
    await page.getByRole("button", { name: "Invite user" }).click();
    await page.getByRole("dialog").getByLabel("Email").fill("dock@harbor.test");
    await page.getByRole("dialog").getByLabel("Customer").selectOption({ label: "Harbor Co" });
    await page.getByRole("button", { name: "Send invitation" }).click();
    await page.getByRole("cell", { name: "dock@harbor.test" }).waitFor();
    await screenshot(page, "users");

    const link = resend.linkSentTo("dock@harbor.test");
    expect(link).toContain("/reset-password?token=");
    const customerContext = await browser.newContext({ baseURL: stack.url, viewport: { width: 1360, height: 900 } });
    const customerPage = await customerContext.newPage();
    customerPage.setDefaultTimeout(60_000);
    try {
      await customerPage.goto(new URL(link!).pathname + new URL(link!).search);
      await customerPage.getByLabel("Password").fill("harbor password 1");
      await customerPage.getByRole("button", { name: "Set password and join" }).click();
      await customerPage.waitForURL(/\/login/);
      await customerPage.getByLabel("Email").fill("dock@harbor.test");
      await customerPage.getByLabel("Password").fill("harbor password 1");
      await customerPage.getByRole("button", { name: "Sign in" }).click();
      await customerPage.waitForURL(/\/devices$/);
      await customerPage.getByRole("cell", { name: /^Pump station 7/ }).waitFor();
      expect(await customerPage.getByRole("cell", { name: /Head office boiler/ }).count()).toBe(0);
      expect(await customerPage.getByRole("link", { name: "API keys" }).count()).toBe(0);
      await screenshot(customerPage, "customer-user-devices");
    } finally {
      await customerContext.close();
    }
  });

  it("shows the other console pages", async () => {
    for (const [path, heading] of [
      ["/api-keys", "API keys"],
      ["/assets", "Assets"],
      ["/device-profiles", "Device profiles"],
      ["/asset-profiles", "Asset profiles"],
      ["/audit-log", "Audit log"],
      ["/api-docs", "API reference"],
    ] as const) {
      await page.goto(path);
      await page.getByRole("heading", { name: heading, level: 1 }).waitFor();
      await page.getByRole("status").waitFor({ state: "detached" });
      await screenshot(page, path.slice(1));
    }
  });

  it("shows the system administrator every tenant", async () => {
    const db = createDatabaseClients({
      appUrl: stack.database.appUrl,
      systemUrl: stack.database.systemUrl,
      poolSize: 1,
    });
    try {
      await createSystemAdmin(db.system, { email: "root@platform.test", password: "platform root password" });
    } finally {
      await db.close();
    }
    const adminContext = await browser.newContext({ baseURL: stack.url, viewport: { width: 1360, height: 900 } });
    const adminPage = await adminContext.newPage();
    adminPage.setDefaultTimeout(60_000);
    try {
      await adminPage.goto("/login");
      await adminPage.getByLabel("Email").fill("root@platform.test");
      await adminPage.getByLabel("Password").fill("platform root password");
      await adminPage.getByRole("button", { name: "Sign in" }).click();
      await adminPage.waitForURL(/\/tenants$/);
      await adminPage.getByRole("cell", { name: "Riverside Water" }).waitFor();
      await screenshot(adminPage, "tenants");
    } finally {
      await adminContext.close();
    }
  });

  it("logged no script errors in the browser (the expected 401 before sign-in and 504 of the unanswered command aside)", () => {
    expect(consoleErrors.filter((e) => !/status of (401|504)/.test(e))).toEqual([]);
  });

  it("signs out", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/login/);
    await page.goto("/devices");
    await page.waitForURL(/\/login/);
  });

  it("forgets the password, follows the emailed link, sets a new one and signs in with it", async () => {
    await page.getByRole("link", { name: "Forgot password?" }).click();
    await page.getByRole("heading", { name: "Reset your password" }).waitFor();
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Send reset link" }).click();
    await page.getByRole("heading", { name: "Check your inbox" }).waitFor();
    const link = resend.linkSentTo(email);
    expect(link).toContain("/reset-password?token=");
    await page.goto(new URL(link!).pathname + new URL(link!).search);
    await page.getByLabel("New password").fill("an even better password");
    await page.getByRole("button", { name: "Set password" }).click();
    await page.waitForURL(/\/login\?reset=1/);
    await page.getByText("Your password is set").waitFor();
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("a very good password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("Email or password is incorrect").waitFor(); // the old password no longer works, said in words
    await page.getByLabel("Password").fill("an even better password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname === "/"); // a tenant admin lands on the home page
  });
});
