import { freePort } from "@industryos/devstack";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, it, vi } from "vitest";
// The Leshan LwM2M client ingest's own test uses (apps/ingest/test/lwm2m/leshan-client/).
import { buildLeshanClient, startLeshanClient, type LeshanClient } from "../../ingest/src/testing/leshan-client.ts";
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
let classpath = "";
let lwm2mPort = 0;

beforeAll(async () => {
  classpath = buildLeshanClient();
  lwm2mPort = await freePort();
  [stack, browser] = await Promise.all([
    startStack({ ingest: true, env: { LWM2M_PORT: String(lwm2mPort) } }),
    launchBrowser(),
  ]);
  context = await browser.newContext({ baseURL: stack.url, viewport: { width: 1360, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(60_000);
  ({ deviceId } = await signUpWithDevice(page, stack, { email: "lwm2m", tenant: "LwM2M Works", device: "Boiler" }));
}, 15 * 60_000);

afterAll(async () => {
  await client?.stop();
  await browser?.close();
  await stack?.stop();
});

describe("an LwM2M device in the console", () => {
  it("gives the device its endpoint name in the credentials form, refusing one that cannot be an endpoint", async () => {
    await page.goto(`/devices/${deviceId}`);
    await page.getByText("Use other credentials…").click();
    await page.getByLabel("Credentials type").selectOption("LWM2M");
    await page.getByLabel("Endpoint name").fill("has spaces");
    await page.getByRole("button", { name: "Replace credentials" }).click();
    await page
      .getByText(/Use letters, digits and/)
      .first()
      .waitFor();
    await page.getByLabel("Endpoint name").fill(ENDPOINT);
    await page.getByRole("button", { name: "Replace credentials" }).click();
    await page.getByText(`registers as endpoint “${ENDPOINT}”`).waitFor();
    // The client starts once its endpoint is known (Leshan waits minutes before retrying a refused registration).
    client = startLeshanClient(classpath, lwm2mPort, ENDPOINT);
  });

  it("shows the client's registration on the device page", async () => {
    await client.waitFor(/^REGISTERED /, 60_000);
    await page.reload();
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
