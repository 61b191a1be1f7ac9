import { createDatabaseClients, createUser } from "@industryos/db";
import mqtt from "mqtt";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { screenshot } from "./support/browser.ts";
import { openConsoleSession, type ConsoleSession } from "./support/console-session.ts";
import { signUpWithDevice } from "./support/tenant.ts";
import type { Stack } from "./support/web-process.ts";

// Issue 22's provisioning and claiming in the console: a tenant admin turns on provisioning for a device profile
// and copies its key and secret, with which a device provisions itself over MQTT; regenerating them refuses the
// old key. A device announces a claim over MQTT and a customer user claims it by name and secret. The workspace's
// telemetry retention is refused beyond the platform's limit, beside its field.
vi.setConfig({ testTimeout: 180_000 });

let session: ConsoleSession;
let stack: Stack;
let browser: Browser;
let page: Page;
let consoleErrors: string[];

beforeAll(async () => {
  session = await openConsoleSession({ stack: { ingest: true }, timeout: 30_000 });
  ({ stack, browser, page, consoleErrors } = session);
}, 15 * 60_000);

afterAll(async () => {
  await session?.close();
});

/** ThingsBoard's device side of provisioning: connect as `provision`, ask on /provision/request. */
async function provision(deviceName: string, key: string, secret: string) {
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${stack.mqttPort}`, {
    username: "provision",
    reconnectPeriod: 0,
  });
  try {
    await client.subscribeAsync("/provision/response", { qos: 1 });
    const answer = new Promise<Record<string, unknown>>((resolve) =>
      client.once("message", (_topic, payload) => resolve(JSON.parse(payload.toString()) as Record<string, unknown>)),
    );
    await client.publishAsync(
      "/provision/request",
      JSON.stringify({ deviceName, provisionDeviceKey: key, provisionDeviceSecret: secret }),
      { qos: 1 },
    );
    return await answer;
  } finally {
    await client.endAsync();
  }
}

describe("provisioning and claiming in the console", () => {
  it("provisions a device with the profile's key and secret, and refuses the old key after regenerating", async () => {
    const { tenantId } = await signUpWithDevice(page, stack, { email: "prov", tenant: "Prov Works", device: "Gate" });
    await page.goto("/device-profiles");
    await page.getByRole("button", { name: "Provisioning…" }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Strategy").selectOption("ALLOW_CREATE_NEW_DEVICES");
    await dialog.getByRole("button", { name: "Save" }).click();
    await dialog.getByText("Saved.").waitFor();
    const key = (await dialog.getByTestId("provision-key").textContent())!;
    const secret = (await dialog.getByTestId("provision-secret").textContent())!;
    expect(key).toMatch(/^[A-Za-z0-9]{20}$/);
    await screenshot(page, "provisioning-key-and-secret");

    const answer = await provision("Field unit 1", key, secret);
    expect(answer).toMatchObject({ status: "SUCCESS", credentialsType: "ACCESS_TOKEN" });
    const devices = await page.request.get(`/api/v1/devices?search=${encodeURIComponent("Field unit 1")}`);
    expect(((await devices.json()) as { total: number }).total).toBe(1);

    await dialog.getByRole("button", { name: "Regenerate" }).click();
    await dialog.getByRole("button", { name: "Replace key and secret" }).click();
    await expect.poll(async () => dialog.getByTestId("provision-key").textContent()).not.toBe(key);
    expect(await provision("Field unit 2", key, secret)).toMatchObject({ status: "NOT_FOUND" });

    // A device announces a claim with its token; a customer user claims it by its name and that secret.
    const gateId = (
      (await (await page.request.get("/api/v1/devices?search=Gate")).json()) as { data: { id: string }[] }
    ).data[0]!.id;
    const credentials = (await (await page.request.get(`/api/v1/devices/${gateId}/credentials`)).json()) as {
      accessToken: string;
    };
    const device = await mqtt.connectAsync(`mqtt://127.0.0.1:${stack.mqttPort}`, {
      username: credentials.accessToken,
      reconnectPeriod: 0,
    });
    await device.publishAsync("v1/devices/me/claim", JSON.stringify({ secretKey: "gate-1234", durationMs: 60_000 }), {
      qos: 1,
    });
    await device.endAsync();
    const customer = await page.request.post("/api/v1/customers", {
      data: { title: "Gate owners" },
      headers: { origin: stack.url },
    });
    const db = createDatabaseClients({
      appUrl: stack.database.appUrl,
      systemUrl: stack.database.systemUrl,
      poolSize: 1,
    });
    const viewer = await createUser(db.system, {
      tenantId,
      customerId: ((await customer.json()) as { id: string }).id,
      role: "CUSTOMER_USER",
      password: "customer password 1",
    });
    await db.close();
    const customerContext = await browser.newContext({ baseURL: stack.url, viewport: { width: 390, height: 844 } });
    const phone = await customerContext.newPage();
    phone.on("pageerror", (error) => consoleErrors.push(error.message));
    const login = await phone.request.post("/api/v1/auth/login", {
      data: { email: viewer.email, password: "customer password 1" },
      headers: { origin: stack.url },
    });
    expect(login.status()).toBe(200);
    await phone.goto("/devices");
    await phone.getByRole("button", { name: "Claim a device" }).first().click();
    const claim = phone.getByRole("dialog");
    await claim.getByLabel("Device name").fill("Gate");
    await claim.getByLabel("Claim secret").fill("wrong");
    await claim.getByRole("button", { name: "Claim" }).click();
    await claim.getByText("No device can be claimed with this name and secret").waitFor();
    await claim.getByLabel("Claim secret").fill("gate-1234");
    await claim.getByRole("button", { name: "Claim" }).click();
    await claim.getByText("Gate is now yours.").waitFor();
    await screenshot(phone, "claim-device-phone");
    await claim.getByRole("button", { name: "Done" }).click();
    await phone.getByText("Gate", { exact: true }).first().waitFor();
    await customerContext.close();
    expect(consoleErrors).toEqual([]);
  });

  it("refuses a retention beyond the platform's limit beside the field, and saves one within it", async () => {
    await page.goto("/settings");
    const field = page.getByLabel("Keep telemetry for (days)");
    await field.fill("5000");
    await page.getByRole("button", { name: "Save retention" }).click();
    await page.getByText(/At most \d+ days \(the platform's limit\)/).waitFor();
    await field.fill("30");
    await page.getByRole("button", { name: "Add a key rule" }).click();
    await page.getByLabel("Key prefix 1").fill("debug_");
    await page.getByRole("button", { name: "Save retention" }).click();
    await page.getByText("Saved.").waitFor();
    const saved = (await (await page.request.get("/api/v1/tenant/telemetry-retention")).json()) as { days: number };
    expect(saved).toMatchObject({ days: 30, keys: [{ prefix: "debug_", days: 7 }] });
    expect(consoleErrors).toEqual([]);
  });
});
