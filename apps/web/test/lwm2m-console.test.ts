import { freePort } from "@industryos/devstack";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
// The Leshan LwM2M client ingest's own test uses (apps/ingest/test/lwm2m/leshan-client/).
import { buildLeshanClient, startLeshanClient, type LeshanClient } from "../../ingest/test/lwm2m/leshan-client.ts";
import { launchBrowser, screenshot } from "./support/browser.ts";
import { signUpWithDevice } from "./support/tenant.ts";
import { startStack, type Stack } from "./support/web-process.ts";

// Issue 25's LwM2M in the console: a real Leshan client registers with the stack's ingest, and a tenant admin
// reads, writes and executes its resources from the device page; the client's refusal and a malformed path
// are told in words.
vi.setConfig({ testTimeout: 180_000 });

const ENDPOINT = `console-ep-${Date.now()}`;

let stack: Stack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let client: LeshanClient;
let deviceId = "";

beforeAll(async () => {
  const classpath = buildLeshanClient();
  const lwm2mPort = await freePort();
  [stack, browser] = await Promise.all([
    startStack({ ingest: true, env: { LWM2M_PORT: String(lwm2mPort) } }),
    launchBrowser(),
  ]);
  context = await browser.newContext({ baseURL: stack.url, viewport: { width: 1360, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(60_000);
  ({ deviceId } = await signUpWithDevice(page, stack, { email: "lwm2m", tenant: "LwM2M Works", device: "Boiler" }));
  const credentials = await page.request.put(`/api/v1/devices/${deviceId}/credentials`, {
    data: { type: "LWM2M", endpoint: ENDPOINT },
    headers: { origin: stack.url },
  });
  expect(credentials.status()).toBe(200);
  client = startLeshanClient(classpath, lwm2mPort, ENDPOINT);
  await client.waitFor(/^REGISTERED /);
}, 15 * 60_000);

afterAll(async () => {
  await client?.stop();
  await browser?.close();
  await stack?.stop();
});

describe("an LwM2M device in the console", () => {
  it("shows the client's registration on the device page", async () => {
    await page.goto(`/devices/${deviceId}`);
    const card = page.getByTestId("lwm2m-card");
    await card.getByText(ENDPOINT).waitFor();
    await card.getByText("Temperature").waitFor();
  });

  it("reads, writes and executes the client's resources", async () => {
    const card = page.getByTestId("lwm2m-card");
    await card.getByLabel("Path").fill("/3/0/0");
    await card.getByRole("button", { name: "Read" }).click();
    await card.getByTestId("lwm2m-answer").getByText('"value": "IndustryOS Test Works"').waitFor();

    await card.getByLabel("Path").fill("/3/0/14");
    await card.getByLabel("Value (write, execute arguments)").fill("+03:00");
    await card.getByRole("button", { name: "Write" }).click();
    await card.getByTestId("lwm2m-answer").getByText('"code": "2.04"').waitFor();
    await client.waitFor(/^WRITE 14 \+03:00$/);

    await card.getByLabel("Path").fill("/3/0/4");
    await card.getByLabel("Value (write, execute arguments)").fill("");
    await card.getByRole("button", { name: "Execute" }).click();
    await client.waitFor(/^REBOOT$/);
    await screenshot(page, "lwm2m-console");
  });

  it("tells the client's refusal and a malformed path in words", async () => {
    const card = page.getByTestId("lwm2m-card");
    await card.getByLabel("Path").fill("/3/0/99");
    await card.getByRole("button", { name: "Read" }).click();
    await card
      .getByRole("alert")
      .getByText(/no such object, instance or resource/)
      .waitFor();

    await card.getByLabel("Path").fill("3/0");
    await card.getByRole("button", { name: "Read" }).click();
    await card.getByText("Write an LwM2M path such as /3/0/0").waitFor();
  });
});
