import { startWebhookReceiver, type WebhookReceiver } from "@industryos/api/testing";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { screenshot } from "./support/browser.ts";
import type { ConsoleSession } from "./support/console-session.ts";
import { signUpWithDevice } from "./support/tenant.ts";
import type { Stack } from "./support/web-process.ts";
import { openWorkersConsoleSession } from "./support/workers-session.ts";

// Issue 21's integrator webhooks in the console: a tenant admin creates a webhook (a link-local URL refused
// beside its field first), copies its secret from the dialog that shows it once, sends a test event, sees
// telemetry delivered by the workers, a delivery the receiver refused retried through Temporal (a real dev
// server) until it arrives, redelivers one, rotates the secret, disables and enables the webhook. The receiver
// is a local server that checks every signature.
vi.setConfig({ testTimeout: 240_000 });

/** A Redis database no other test file uses: the workers' rule-engine streams have fixed names. */
const REDIS_DB = 34;

let receiver: WebhookReceiver;
let answer = 200;
let session: ConsoleSession;
let stack: Stack;
let page: Page;
let consoleErrors: string[];

beforeAll(async () => {
  [receiver, session] = await Promise.all([
    startWebhookReceiver({ answer: () => answer }),
    openWorkersConsoleSession({
      name: "webhooks",
      redisDb: REDIS_DB,
      // The receiver listens on 127.0.0.1, as on one's own machine (npm start sets it too).
      env: { WEBHOOKS_ALLOW_PRIVATE_NETWORKS: "true" },
      clipboard: true,
      timeout: 30_000,
    }),
  ]);
  ({ stack, page, consoleErrors } = session);
}, 15 * 60_000);

afterAll(async () => {
  await session?.close();
  await receiver?.close();
});

describe("webhooks in the console", () => {
  it("creates a webhook, shows its secret once, tests it, logs deliveries, retries, redelivers, rotates, disables", async () => {
    const { deviceId } = await signUpWithDevice(page, stack, { email: "hooks", tenant: "Hook Works", device: "Pump" });
    const url = receiver.url("/erp");

    await page.goto("/webhooks");
    await page.getByText("No webhooks").waitFor();
    await page.getByRole("button", { name: "New webhook" }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("URL").fill("http://169.254.169.254/latest/meta-data/");
    await dialog.getByRole("button", { name: "Create webhook" }).click();
    // The API's refusal shows beside the URL; nothing was created.
    await dialog.getByText(/link-local address .* always refused/).waitFor();
    await screenshot(page, "webhooks-field-error");

    await dialog.getByLabel("URL").fill(url);
    await dialog.getByLabel(/All events/).uncheck();
    await dialog.getByLabel(/Telemetry/).check();
    await dialog.getByLabel(/Alarm created/).check();
    await dialog.getByLabel("Description").fill("ERP integration");
    await dialog.getByRole("button", { name: "Create webhook" }).click();

    const secretDialog = page.getByRole("dialog", { name: /copy its secret now/ });
    const secretBox = secretDialog.getByTestId("webhook-secret");
    const secret = (await secretBox.textContent())?.trim() ?? "";
    expect(secret).toMatch(/^whsec_/);
    await secretDialog.getByRole("button", { name: "Copy" }).click();
    await secretDialog.getByRole("button", { name: "Copied" }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    receiver.secrets.set("/erp", secret);
    await screenshot(page, "webhooks-secret-once");
    await secretDialog.getByRole("button", { name: "I have stored it" }).click();
    await page.waitForURL(/\/webhooks\/[0-9a-f-]{36}$/);
    await page.getByRole("heading", { name: "ERP integration" }).waitFor();
    await page.getByText("Telemetry, Alarm created").waitFor();
    // Shown once: the page has no trace of it.
    expect(await page.content()).not.toContain(secret);

    await page.getByRole("button", { name: "Send test event" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: /Test event delivered: HTTP 200 in \d+ ms/ })
      .waitFor();
    expect(receiver.deliveries.at(-1)).toMatchObject({ event: "ping", signatureValid: true });

    // Telemetry through ingest's path (the API's REST push lands on the same streams), sent by the workers.
    const headers = { origin: stack.url };
    const push = (values: Record<string, number>) =>
      page.request.post(`/api/v1/devices/${deviceId}/telemetry`, { data: { ts: Date.now(), values }, headers });
    expect((await push({ flow: 12.5 })).status()).toBeLessThan(300);
    await expect
      .poll(() => receiver.deliveries.filter((d) => d.event === "telemetry").length, { timeout: 30_000 })
      .toBe(1);
    const telemetry = receiver.deliveries.find((d) => d.event === "telemetry")!;
    expect(telemetry.signatureValid).toBe(true);
    expect(JSON.parse(telemetry.body).data).toMatchObject({ deviceId, deviceName: "Pump", values: { flow: 12.5 } });

    // The receiver refuses the next one: it is retried (30 s later, through Temporal) with the same delivery id.
    answer = 500;
    expect((await push({ flow: 13 })).status()).toBeLessThan(300);
    await page.reload();
    const retrying = page.getByRole("row").filter({ hasText: "retrying" });
    await retrying.getByText("HTTP 500").first().waitFor({ timeout: 30_000 });
    await retrying.getByText(/in \d+ seconds/).waitFor();
    await screenshot(page, "webhooks-retrying");
    const refused = receiver.deliveries.at(-1)!;
    answer = 200;
    const delivered = page.getByRole("row").filter({ hasText: "delivered" }).filter({ hasText: "telemetry" });
    await expect.poll(() => delivered.count(), { timeout: 90_000 }).toBe(2);
    const retried = receiver.deliveries.filter((d) => d.deliveryId === refused.deliveryId);
    expect(retried.map((d) => d.signatureValid)).toEqual([true, true]);
    expect(retried[1]!.body).toBe(retried[0]!.body);

    // Redeliver a delivered one: sent once more with its id, logged as a third attempt.
    const row = page.getByRole("row").filter({ hasText: "ping" });
    await row.getByRole("button", { name: "Redeliver" }).click();
    await page.getByText("Sent again: its outcome shows here in a moment.").waitFor();
    await expect.poll(() => receiver.deliveries.filter((d) => d.event === "ping").length, { timeout: 30_000 }).toBe(2);
    await screenshot(page, "webhooks-delivery-log");

    await page.getByRole("button", { name: "Rotate secret" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Rotate secret" }).click();
    const rotated = page.getByRole("dialog", { name: /New signing secret/ });
    const newSecret = (await rotated.getByTestId("webhook-secret").textContent())?.trim();
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(secret);
    receiver.secrets.set("/erp", newSecret!);
    await rotated.getByRole("button", { name: "I have stored it" }).click();
    await page.getByRole("button", { name: "Send test event" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: /Test event delivered/ })
      .waitFor();
    expect(receiver.deliveries.at(-1)!.signatureValid).toBe(true);

    await page.getByRole("button", { name: "Disable" }).click();
    await page.getByText("disabled", { exact: true }).waitFor();
    await page.getByRole("button", { name: "Enable" }).click();
    await page.getByText("enabled", { exact: true }).waitFor();

    await page.goto("/webhooks");
    await page.getByRole("cell", { name: /ERP integration/ }).waitFor();
    // The row opens from the keyboard as it does on a click: focused, Enter.
    await page.getByRole("row", { name: /ERP integration/ }).focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/webhooks\/[^/]+$/);
    await page.goto("/webhooks");
    await page.getByRole("cell", { name: /ERP integration/ }).waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole("button", { name: new RegExp(url.replace(/[/.]/g, "\\$&")) }).waitFor();
    await screenshot(page, "webhooks-list-phone");
    expect(receiver.counts.invalid).toBe(0);
    expect(consoleErrors).toEqual([]);
  });
});
