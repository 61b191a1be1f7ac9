import { startResendServer } from "@industryos/api/testing";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { launchBrowser, screenshot } from "./support/browser.ts";
import { signUpWithDevice } from "./support/tenant.ts";
import { startStack, type Stack } from "./support/web-process.ts";

// Issue 24's "Dialogs and errors": the console asks through its own dialogs (Escape closes them, Tab
// stays inside, the focus comes back), never the browser's; forms say each API problem in words
// beside its field; unknown pages, refused pages and emailed links speak plainly.
vi.setConfig({ testTimeout: 120_000 });

let stack: Stack;
let resend: Awaited<ReturnType<typeof startResendServer>>;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let deviceId = "";
const nativeDialogs: string[] = [];
const headers = () => ({ origin: stack.url });

beforeAll(async () => {
  resend = await startResendServer();
  [stack, browser] = await Promise.all([
    startStack({ env: { RESEND_API_KEY: resend.apiKey, RESEND_BASE_URL: resend.baseUrl } }),
    launchBrowser(),
  ]);
  context = await browser.newContext({ baseURL: stack.url, viewport: { width: 1360, height: 900 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: stack.url });
  page = await context.newPage();
  page.setDefaultTimeout(60_000);
  page.on("pageerror", (error) => console.warn(`page error: ${error.message}`));
  page.on("dialog", (dialog) => {
    nativeDialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  ({ deviceId } = await signUpWithDevice(page, stack, { email: "dialogs", tenant: "Dialog Works", device: "Boiler" }));
}, 15 * 60_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await resend?.close();
});

/** Whether the focus is inside the open dialog. */
const focusedInDialog = () => page.evaluate(() => Boolean(document.activeElement?.closest("[role=dialog]")));

describe("the console's own dialogs", () => {
  it("creates, renames and deletes a dashboard through them", async () => {
    await page.goto("/dashboards");
    const newButton = page.getByRole("button", { name: "New dashboard" });
    await newButton.click();
    const dialog = page.getByRole("dialog", { name: "New dashboard" });
    await dialog.waitFor();
    expect(await focusedInDialog()).toBe(true);
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press("Tab");
      expect(await focusedInDialog()).toBe(true);
    }
    await page.keyboard.press("Shift+Tab");
    expect(await focusedInDialog()).toBe(true);
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    expect(await newButton.evaluate((el) => el === document.activeElement)).toBe(true);

    await newButton.click();
    await dialog.getByLabel("Title").fill("x".repeat(300));
    await dialog.getByRole("button", { name: "Create dashboard" }).click();
    await dialog.getByText(/^Must be at most \d+ characters$/).waitFor();
    await screenshot(page, "dialogs-new-dashboard-field-error");
    await dialog.getByLabel("Title").fill("Line 1");
    await dialog.getByRole("button", { name: "Create dashboard" }).click();
    await page.waitForURL(/\/dashboards\/[0-9a-f-]{36}$/);

    await page.goto("/dashboards");
    await page.getByRole("button", { name: "Rename" }).click();
    const rename = page.getByRole("dialog", { name: "Rename “Line 1”" });
    expect(await rename.getByLabel("Title").inputValue()).toBe("Line 1");
    await rename.getByLabel("Title").fill("Line 1 overview");
    await page.keyboard.press("Enter");
    await page.getByRole("link", { name: "Line 1 overview" }).waitFor();

    await page.getByRole("button", { name: "Delete", exact: true }).click();
    const remove = page.getByRole("dialog", { name: "Delete “Line 1 overview”?" });
    await screenshot(page, "dialogs-delete-dashboard");
    await remove.getByRole("button", { name: "Delete dashboard" }).click();
    await page.getByText("No dashboards yet").waitFor();
  });

  it("asks before a new access token and before deleting the device", async () => {
    await page.goto(`/devices/${deviceId}`);
    const before = (await page.getByTestId("access-token").textContent())?.trim();
    await page.getByRole("button", { name: "New token" }).click();
    const ask = page.getByRole("dialog", { name: "Generate a new access token?" });
    await ask.getByText("The current token stops working at once").waitFor();
    await ask.getByRole("button", { name: "Cancel" }).click();
    expect((await page.getByTestId("access-token").textContent())?.trim()).toBe(before);
    await page.getByRole("button", { name: "New token" }).click();
    await ask.getByRole("button", { name: "Generate new token" }).click();
    await ask.waitFor({ state: "detached" });
    await expect.poll(async () => (await page.getByTestId("access-token").textContent())?.trim()).not.toBe(before);

    await page.getByRole("button", { name: "Delete device" }).click();
    await page.getByRole("dialog", { name: "Delete Boiler?" }).getByRole("button", { name: "Delete device" }).click();
    await page.waitForURL(/\/devices$/);
  });

  it("wants a customer's name typed before deleting it with its several users", async () => {
    const customer = await page.request.post("/api/v1/customers", {
      data: { title: "Acme Water" },
      headers: headers(),
    });
    expect(customer.status()).toBe(201);
    const customerId = ((await customer.json()) as { id: string }).id;
    for (const who of ["ana", "ben"]) {
      const invited = await page.request.post("/api/v1/users", {
        data: { email: `${who}-${Date.now()}@acme.test`, role: "CUSTOMER_USER", customerId },
        headers: headers(),
      });
      expect(invited.status()).toBe(201);
    }
    await page.goto("/customers");
    await page
      .getByRole("row", { name: /Acme Water/ })
      .getByRole("button", { name: "Delete" })
      .click();
    const ask = page.getByRole("dialog", { name: "Delete Acme Water?" });
    const confirm = ask.getByRole("button", { name: "Delete customer" });
    expect(await confirm.isDisabled()).toBe(true);
    await ask.getByLabel("Type “Acme Water” to confirm").fill("Acme");
    expect(await confirm.isDisabled()).toBe(true);
    await ask.getByLabel("Type “Acme Water” to confirm").fill("Acme Water");
    await screenshot(page, "dialogs-typed-confirmation");
    await confirm.click();
    await page.getByText("No customers yet").waitFor();
  });
});

describe("errors in words", () => {
  it("says beside the field that a device name of spaces or of 300 characters will not do", async () => {
    await page.goto("/devices");
    await page.getByRole("button", { name: "Add device" }).first().click();
    const dialog = page.getByRole("dialog", { name: "Add a device" });
    await dialog.getByLabel("Name").fill("     ");
    await dialog.getByRole("button", { name: "Add device" }).click();
    await dialog.getByText("Name the device").waitFor();
    await dialog.getByLabel("Name").fill("n".repeat(300));
    await dialog.getByRole("button", { name: "Add device" }).click();
    await dialog.getByText("Must be at most 255 characters").waitFor();
    expect(await dialog.getByText(/Too big|expected string|\[\{/).count()).toBe(0);
    await screenshot(page, "errors-device-name");
    await page.keyboard.press("Escape");
  });

  it("says a sign-up's too-long workspace name once, beside its field", async () => {
    const visitor = await browser.newPage({ baseURL: stack.url });
    try {
      await visitor.goto("/signup");
      await visitor.getByLabel("Company or workspace name").fill("W".repeat(101));
      await visitor.getByLabel("Work email").fill(`long-${Date.now()}@example.test`);
      await visitor.getByLabel("Password").fill("a very good password");
      await visitor.getByRole("button", { name: "Create workspace" }).click();
      await visitor.getByText("Must be at most 100 characters").waitFor();
      expect(await visitor.getByText("Must be at most 100 characters").count()).toBe(1);
      expect(await visitor.getByText(/tenantName|Too big/).count()).toBe(0);
      await screenshot(visitor, "errors-signup-workspace-name");
    } finally {
      await visitor.close();
    }
  });

  it("shows a branded 404 with a way back", async () => {
    const response = await page.goto("/no-such-page");
    expect(response?.status()).toBe(404);
    await page.getByRole("heading", { name: "This page does not exist" }).waitFor();
    await screenshot(page, "errors-404");
    await page.getByRole("link", { name: "Your devices" }).click();
    await page.waitForURL(/\/devices$/);
  });

  it("tells a tenant admin on /tenants that they do not have access", async () => {
    await page.goto("/tenants");
    await page.getByRole("heading", { name: "You do not have access to this page" }).waitFor();
    expect(await page.getByText("Something went wrong").count()).toBe(0);
    await screenshot(page, "errors-no-access");
  });

  it("names the workspace on an invitation's page, and signs the invited user in", async () => {
    const email = `cleo-${Date.now()}@example.test`;
    const invited = await page.request.post("/api/v1/users", {
      data: { email, role: "TENANT_ADMIN" },
      headers: headers(),
    });
    expect(invited.status()).toBe(201);
    const link = resend.linkSentTo(email);
    expect(link).toContain("/reset-password?token=");
    const visitor = await browser.newPage({ baseURL: stack.url });
    try {
      await visitor.goto(link!);
      await visitor.getByRole("heading", { name: "Join Dialog Works" }).waitFor();
      await visitor.getByText(`You were invited as ${email}. Set a password to sign in.`).waitFor();
      expect(await visitor.getByText(/reset/i).count()).toBe(0);
      await screenshot(visitor, "errors-invitation");
      await visitor.getByLabel("Password").fill("a fine long password");
      await visitor.getByRole("button", { name: "Set password and join" }).click();
      await visitor.waitForURL(/\/login\?reset=1/);
      // Used once: the link now says it no longer works, with a way to a new one.
      await visitor.goto(link!);
      await visitor.getByRole("heading", { name: "This link no longer works" }).waitFor();
      await visitor.getByRole("link", { name: "Get a new link" }).waitFor();
    } finally {
      await visitor.close();
    }
  });

  it("leads from forgot-password back to sign in", async () => {
    const visitor = await browser.newPage({ baseURL: stack.url });
    try {
      await visitor.goto("/forgot-password");
      await visitor.getByRole("link", { name: "Back to sign in" }).click();
      await visitor.waitForURL(/\/login$/);
    } finally {
      await visitor.close();
    }
  });

  it("copies a dashboard's public link", async () => {
    const created = await page.request.post("/api/v1/dashboards", { data: { title: "Shared" }, headers: headers() });
    const id = ((await created.json()) as { id: string }).id;
    await page.goto(`/dashboards/${id}`);
    await page.getByRole("button", { name: "Share" }).click();
    await page.getByRole("button", { name: "Make public" }).click();
    const link = page.getByTestId("public-link");
    await link.waitFor();
    await link.locator("..").getByRole("button", { name: "Copy" }).click();
    await link.locator("..").getByRole("button", { name: "Copied" }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(/\/public\/dashboards\/[\w-]+$/);
    expect(copied).toBe((await link.textContent())?.trim());
    await screenshot(page, "errors-public-link-copy");
  });

  it("never opened one of the browser's own dialogs", () => {
    expect(nativeDialogs).toEqual([]);
  });
});
