import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { launchBrowser, screenshot } from "./support/browser.ts";
import { signUpWithDevice } from "./support/tenant.ts";
import { startStack, type Stack } from "./support/web-process.ts";

// Issue 24's interactive API reference: Swagger UI in the console, under the console's CSP, finds
// an operation and tries it against the running server with an API key (and only with it).
vi.setConfig({ testTimeout: 120_000 });

let stack: Stack;
let browser: Browser;
let page: Page;
let apiKey = "";
const cspViolations: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  const context = await browser.newContext({ baseURL: stack.url, viewport: { width: 1360, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(60_000);
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    else if (message.type() === "error") pageErrors.push(message.text());
  });
  page.on("pageerror", (error) => pageErrors.push(error.message));
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const listDevices = () => page.locator(".opblock-get").filter({ has: page.locator('[data-path="/api/v1/devices"]') });

/** Presses Execute and waits until Swagger UI shows the live answer's status code `expected`. */
async function execute(expected: string) {
  const operation = listDevices();
  await operation.getByRole("button", { name: "Execute" }).click();
  const status = operation.locator(".live-responses-table .response .response-col_status");
  await expect
    .poll(async () => ((await status.count()) ? await status.textContent() : ""))
    .toMatch(new RegExp(`^${expected}`));
}

describe("interactive API reference", () => {
  it("has a workspace with a device and an API key", async () => {
    await signUpWithDevice(page, stack, { email: "reference", tenant: "Reference Inc", device: "Compressor 7" });
    const created = await page.request.post("/api/v1/api-keys", {
      data: { name: "Reference page", scopes: ["read"] },
      headers: { origin: stack.url },
    });
    expect(created.status()).toBe(201);
    apiKey = ((await created.json()) as { key: string }).key;
  });

  it("shows the operations of the OpenAPI document and finds one with the filter", async () => {
    await page.goto("/api-docs");
    await page.getByRole("heading", { name: "API reference", level: 1 }).waitFor();
    // The document's Markdown description shows once, rendered by the reference, not as raw `code` in the header.
    const intro = await page
      .getByRole("heading", { name: "API reference", level: 1 })
      .locator("xpath=following-sibling::p")
      .textContent();
    expect(intro).toContain("/api/v1/openapi.json");
    expect(intro).not.toContain("`");
    await page.locator(".swagger-ui .info .description code", { hasText: "Authorization: Bearer <API key>" }).waitFor();
    const tags = page.locator(".swagger-ui .opblock-tag-section");
    await tags.first().waitFor();
    const allTags = await tags.count();
    await page.getByPlaceholder("Filter by tag or path").fill("Devices");
    await expect.poll(() => tags.count()).toBeLessThan(allTags);
    const devices = page.locator('h3.opblock-tag[data-tag="Devices"]');
    if ((await devices.getAttribute("data-is-open")) !== "true") await devices.click();
    await listDevices().locator(".opblock-summary-control").click();
    await listDevices().getByRole("button", { name: "Try it out" }).click();
  });

  it("refuses the call without a key (the session cookie is not sent), answers it with one", async () => {
    await execute("401");
    await page.locator(".swagger-ui button.authorize").first().click();
    const dialog = page.locator(".dialog-ux .modal-ux");
    await dialog.locator("#auth-bearer-value").fill(apiKey);
    await dialog.getByRole("button", { name: "Apply credentials" }).first().click();
    await dialog.locator("button.btn-done").first().click();
    await execute("200");
    const body = listDevices().locator(".live-responses-table .response .response-col_description");
    await expect.poll(() => body.textContent()).toContain("Compressor 7");
    await screenshot(page, "api-reference-try-it");
  });

  it("kept the console's Content-Security-Policy without violations, and raised no error", async () => {
    const response = await page.request.get("/api-docs");
    const policy = response.headers()["content-security-policy"] ?? "";
    expect(policy).not.toContain("unsafe-eval");
    expect(policy).toMatch(/style-src 'self' 'nonce-[^']+'(;|$)/);
    expect(cspViolations).toEqual([]);
    // The call refused without a key is logged by the browser as a failed request; nothing else may be.
    expect(pageErrors.filter((e) => !/401/.test(e))).toEqual([]);
  });
});
