import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { launchBrowser, screenshot } from "./support/browser.ts";
import { signUpWithDevice } from "./support/tenant.ts";
import { startStack, type Stack } from "./support/web-process.ts";

// Issue 20's node library in the editor: a rule-chain node configured by picking a chain by name,
// an MQTT node whose password is hidden and whose missing host is said beside the field, and a
// generator that starts messages itself (no input handle, no Input connection needed), saved.
vi.setConfig({ testTimeout: 120_000 });

/** A Redis database of this file's own. */
const REDIS_DB = 33;

let stack: Stack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack({ redisDb: REDIS_DB }), launchBrowser()]);
  context = await browser.newContext({ baseURL: stack.url, viewport: { width: 1600, height: 1000 } });
  page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on("pageerror", (error) => pageErrors.push(error.message));
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const node = (id: string) => page.getByTestId(`node-${id}`);
const handle = (id: string, kind: "source" | "target") => node(id).locator(`.react-flow__handle.${kind}`);

/** Drags from one handle to another with the mouse, in steps, as a user connecting two nodes does. */
async function connect(from: string, to: string, relation?: string) {
  const a = (await handle(from, "source").boundingBox())!;
  const b = (await handle(to, "target").boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
  await page.mouse.up();
  if (relation)
    await page
      .getByRole("dialog", { name: "Choose the relation" })
      .getByRole("button", { name: relation, exact: true })
      .click();
  await page.getByTestId(`edge-${from}-${relation ?? "Success"}-${to}`).waitFor();
}

async function addNode(search: string, title: string, id: string) {
  await page.getByLabel("Search nodes").fill(search);
  await page.getByRole("button", { name: `Add ${title}` }).click();
  await node(id).waitFor();
  await page.getByLabel("Search nodes").fill("");
}

describe("the editor's forms for chain calls, MQTT and generators", () => {
  it("configures each in its form and saves the chain", async () => {
    await signUpWithDevice(page, stack, { email: "forms", tenant: "Forms Works", device: "Press 1" });
    const headers = { origin: stack.url };
    const shared = await page.request.post("/api/v1/rule-chains", {
      data: { name: "Shared steps", nodes: [], connections: [] },
      headers,
    });
    expect(shared.status()).toBe(201);
    const sharedId = ((await shared.json()) as { id: string }).id;
    const created = await page.request.post("/api/v1/rule-chains", {
      data: { name: "Press line", nodes: [], connections: [] },
      headers,
    });
    const chainId = ((await created.json()) as { id: string }).id;

    await page.goto(`/rule-chains/${chainId}`);
    await node("input").waitFor();
    const form = page.getByRole("form", { name: /Configure/ });

    // flow.chain: the tenant's chains by name, this one marked.
    await addNode("rule chain", "Rule chain", "chain-1");
    const picker = form.getByLabel("Rule chain");
    await picker.locator("option", { hasText: "Shared steps" }).waitFor({ state: "attached" });
    expect(await picker.locator("option").allTextContents()).toEqual(
      expect.arrayContaining(["Choose a rule chain…", "Shared steps", "Press line (this chain)"]),
    );
    await picker.selectOption({ label: "Shared steps" });

    // external.mqtt: the host is asked for beside its field; the password is not shown.
    await addNode("mqtt", "MQTT publish", "mqtt-1");
    await form.getByText("Broker host is required", { exact: true }).waitFor();
    await form.getByLabel("Broker host").fill("broker.example.com");
    await form.getByText("Broker host is required", { exact: true }).waitFor({ state: "detached" });
    expect(await form.getByLabel("Password").getAttribute("type")).toBe("password");
    await form.getByLabel("User name").fill("line-7");
    await form.getByLabel("Password").fill("s3cret");
    expect(await form.getByLabel("Topic").inputValue()).toBe("devices/${deviceName}/telemetry");

    // action.generator: a source, so no input handle.
    await addNode("generator", "Generator", "generator-1");
    expect(await form.getByLabel("Every (seconds)").inputValue()).toBe("60");
    await form.getByLabel("Every (seconds)").fill("10");
    expect(await handle("generator-1", "target").count()).toBe(0);

    await connect("input", "chain-1");
    await connect("chain-1", "mqtt-1", "Success");
    await connect("generator-1", "mqtt-1", "Success");
    await screenshot(page, "rule-chain-node-forms");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByRole("status").getByText("Saved as version 2").waitFor();

    const saved = await page.request.get(`/api/v1/rule-chains/${chainId}`, { headers });
    const nodes = ((await saved.json()) as { nodes: { id: string; config: Record<string, unknown> }[] }).nodes;
    const config = (id: string) => nodes.find((n) => n.id === id)?.config;
    expect(config("chain-1")).toEqual({ ruleChainId: sharedId });
    expect(config("mqtt-1")).toMatchObject({ host: "broker.example.com", username: "line-7", password: "s3cret" });
    expect(config("generator-1")).toMatchObject({ periodSeconds: 10, originatorType: "TENANT" });
    expect(pageErrors).toEqual([]);
  });
});
