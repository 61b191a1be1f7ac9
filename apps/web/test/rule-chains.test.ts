import mqtt from "mqtt";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { launchBrowser, screenshot } from "./support/browser.ts";
import { signUpWithDevice } from "./support/tenant.ts";
import { startStack, type Stack } from "./support/web-process.ts";

// Issue 20's editor: build "temperature > 30 → create alarm" in the root chain, save, reload,
// see an MQTT message raise the alarm through the workers' rule engine (and the node's debug
// events), compare and restore versions, test a script, and the phone's message.
vi.setConfig({ testTimeout: 120_000 });

/** A Redis database of this file's own: the workers consume fixed stream names. */
const REDIS_DB = 61;

let stack: Stack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let accessToken = "";
let chainId = "";
const headers = () => ({ origin: stack.url });
const pageErrors: string[] = [];

beforeAll(async () => {
  [stack, browser] = await Promise.all([
    startStack({ ingest: true, workers: true, redisDb: REDIS_DB }),
    launchBrowser(),
  ]);
  context = await browser.newContext({ baseURL: stack.url, viewport: { width: 1600, height: 1000 } });
  page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on("pageerror", (error) => pageErrors.push(error.message));
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Drags from one point to another with the mouse, in steps, as a user connecting two handles does. */
async function dragBetween(from: Locator, to: Locator) {
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
  await page.mouse.up();
}

const node = (id: string) => page.getByTestId(`node-${id}`);
const handle = (id: string, kind: "source" | "target") => node(id).locator(`.react-flow__handle.${kind}`);

describe("the rule-chain editor", () => {
  it("lists the tenant's root chain and the rule engine's state", async () => {
    const { deviceId } = await signUpWithDevice(page, stack, {
      email: "rules",
      tenant: "Rules Works",
      device: "Boiler 1",
    });
    const credentials = await page.request.get(`/api/v1/devices/${deviceId}/credentials`);
    accessToken = ((await credentials.json()) as { accessToken: string }).accessToken;

    await page.goto("/devices");
    await page.getByRole("link", { name: "Rule chains" }).click();
    await page.waitForURL(/\/rule-chains$/);
    const row = page.getByRole("row", { name: /Root rule chain/ });
    await row.getByText("Root", { exact: true }).waitFor();
    expect(await row.getByRole("cell").nth(2).textContent()).toBe("v1");
    await page.getByRole("heading", { name: "Rule engine" }).waitFor();
    await page.getByRole("table", { name: "Rule engine lag" }).getByText("rule-engine:7").waitFor();
    await page.getByText("No dead letters").waitFor();

    // The root chain cannot be deleted, and the dialog says why.
    await row.getByRole("button", { name: "Delete" }).click();
    await page
      .getByRole("dialog")
      .getByText(/root rule chain.*cannot be deleted/)
      .waitFor();
    await screenshot(page, "rule-chains-list");
    await page.getByRole("dialog").getByRole("button", { name: "Close" }).click();
  });

  it("creates a chain, then deletes it through the confirmation dialog", async () => {
    await page.getByRole("button", { name: "New chain" }).click();
    await page.getByRole("dialog").getByLabel("Name").fill("Scratch chain");
    await page.getByRole("dialog").getByRole("button", { name: "Create and open" }).click();
    await page.waitForURL(/\/rule-chains\/[0-9a-f-]{36}$/);
    await page.getByText("Add a node from the palette, then connect Input to it.").waitFor();
    await page.getByRole("link", { name: "All rule chains" }).click();
    const row = page.getByRole("row", { name: /Scratch chain/ });
    await row.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete chain" }).click();
    await row.waitFor({ state: "detached" });
  });

  it("builds temperature > 30 → create alarm in the root chain and saves it as version 2", async () => {
    await page.getByRole("link", { name: "Root rule chain" }).click();
    await page.waitForURL(/\/rule-chains\/[0-9a-f-]{36}$/);
    chainId = page.url().split("/").pop()!;
    await page.getByTestId("chain-version").getByText("Version 1").waitFor();
    await node("input").waitFor();

    // Drag the threshold from the palette (searched for) onto the canvas, below the default nodes.
    const canvas = page.locator(".react-flow");
    const box = (await canvas.boundingBox())!;
    await page.getByLabel("Search nodes").fill("thresh");
    await page.getByRole("button", { name: "Add Threshold" }).dragTo(canvas, {
      targetPosition: { x: box.width * 0.35, y: box.height * 0.72 },
    });
    await node("threshold-1").waitFor();
    const form = page.getByRole("form", { name: /Configure/ });
    // It starts as an example of itself: temperature > 30.
    expect(await form.getByLabel("Key").inputValue()).toBe("temperature");
    await form.getByLabel("Name").fill("Too hot");
    await form.getByLabel("Key").fill("temperature");
    await form.getByLabel("Operator").selectOption(">");
    await form.getByLabel("Value").fill("30");
    await form.getByRole("switch", { name: "Debug this node" }).check();

    await page.getByLabel("Search nodes").fill("alarm");
    await page.getByRole("button", { name: "Add Create alarm" }).dragTo(canvas, {
      targetPosition: { x: box.width * 0.75, y: box.height * 0.72 },
    });
    await node("createAlarm-1").waitFor();
    await form.getByLabel("Alarm type").fill("Overheating");
    await form.getByLabel("Severity").selectOption("MAJOR");
    await page.getByLabel("Search nodes").fill("");

    // Input → threshold needs no relation; threshold → create alarm asks for one.
    await dragBetween(handle("input", "source"), handle("threshold-1", "target"));
    await page.getByTestId("edge-input-Success-threshold-1").waitFor();
    await dragBetween(handle("threshold-1", "source"), handle("createAlarm-1", "target"));
    const relation = page.getByRole("dialog", { name: "Choose the relation" });
    for (const name of ["True", "False", "Missing", "Failure"]) await relation.getByRole("button", { name }).waitFor();
    await screenshot(page, "rule-chain-connect");
    await relation.getByRole("button", { name: "True", exact: true }).click();
    await page.getByTestId("edge-threshold-1-True-createAlarm-1").waitFor();
    await page.getByText("Unsaved changes").waitFor();
    await screenshot(page, "rule-chain-built");

    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByRole("status").getByText("Saved as version 2").waitFor();
    await page.getByTestId("chain-version").getByText("Version 2").waitFor();
  });

  it("finds it persisted after a reload", async () => {
    await page.reload();
    await page.getByTestId("chain-version").getByText("Version 2").waitFor();
    await node("threshold-1").getByText("Too hot").waitFor();
    await page.getByTestId("edge-threshold-1-True-createAlarm-1").waitFor();
    const saved = (await (await page.request.get(`/api/v1/rule-chains/${chainId}`)).json()) as {
      version: number;
      nodes: { id: string; type: string; config: unknown; position?: unknown; debug?: boolean }[];
      connections: unknown[];
    };
    expect(saved.version).toBe(2);
    const threshold = saved.nodes.find((n) => n.id === "threshold-1");
    expect(threshold).toMatchObject({
      type: "filter.threshold",
      config: { key: "temperature", op: ">", value: 30 },
      debug: true,
    });
    expect(threshold?.position).toEqual({ x: expect.any(Number), y: expect.any(Number) });
    expect(saved.nodes.find((n) => n.id === "createAlarm-1")).toMatchObject({
      type: "action.createAlarm",
      config: { alarmType: "Overheating", severity: "MAJOR" },
    });
    expect(saved.connections).toEqual(
      expect.arrayContaining([
        { from: "input", to: "threshold-1", relation: "Success" },
        { from: "threshold-1", to: "createAlarm-1", relation: "True" },
      ]),
    );
  });

  it("raises the alarm when the device publishes 31 over MQTT, and shows the node's debug events", async () => {
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${stack.mqttPort}`, {
      username: accessToken,
      clientId: `e2e-rules-${Date.now()}`,
      reconnectPeriod: 0,
    });
    try {
      await client.publishAsync("v1/devices/me/telemetry", JSON.stringify({ temperature: 31 }), { qos: 1 });
    } finally {
      await client.endAsync();
    }
    await expect
      .poll(
        async () => {
          const alarms = await page.request.get("/api/v1/alarms?type=Overheating");
          return ((await alarms.json()) as { data?: { type: string; severity: string }[] }).data ?? [];
        },
        { timeout: 30_000, interval: 500 },
      )
      .toEqual([expect.objectContaining({ type: "Overheating", severity: "MAJOR" })]);

    await node("threshold-1").click();
    await page.getByRole("tab", { name: "Debug" }).click();
    const events = page.getByRole("list", { name: "Debug events" });
    await events.getByText("→ True").first().waitFor({ timeout: 15_000 });
    // The connection it went along counts the message.
    await page.getByTestId("edge-threshold-1-True-createAlarm-1").getByText("1").waitFor({ timeout: 15_000 });
    await screenshot(page, "rule-chain-debug");
  });

  it("shows the version history with a diff and restores version 1", async () => {
    await page.getByRole("tab", { name: "Versions" }).click();
    const versions = page.getByRole("list", { name: "Versions" });
    await versions.getByText("Version 1", { exact: true }).waitFor();
    await versions.getByText("Version 2", { exact: true }).waitFor();
    const diff = page.getByTestId("version-diff");
    await diff.getByText("Node Too hot (filter.threshold)").waitFor();
    await diff.getByText("Connection Too hot → Create alarm on True").waitFor();
    await screenshot(page, "rule-chain-versions");

    await page.getByRole("button", { name: "Restore version 1" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Restore version 1" }).click();
    await page.getByTestId("chain-version").getByText("Version 3").waitFor();
    await node("threshold-1").waitFor({ state: "detached" });
    await node("rpc-requests").waitFor();
    const restored = (await (await page.request.get(`/api/v1/rule-chains/${chainId}`)).json()) as {
      version: number;
      nodes: { id: string }[];
    };
    expect(restored.version).toBe(3);
    expect(restored.nodes.map((n) => n.id).sort()).toEqual(["log-rpc", "rpc-requests"]);
  });

  it("tests a script in a transformation node, and shows the server's 422 beside the field", async () => {
    await page.getByLabel("Search nodes").fill("script trans");
    await page.getByRole("button", { name: "Add Script transformation" }).click();
    const form = page.getByRole("form", { name: /Configure/ });
    await form.getByRole("button", { name: "Test script" }).click();
    const result = page.getByTestId("script-result");
    await result.getByText("Output").waitFor();
    expect(await result.locator("pre").textContent()).toContain('"temperatureF": 87.8');

    await form.getByLabel("Script", { exact: true }).fill("return msg.nothing.here;");
    await form.getByRole("button", { name: "Test script" }).click();
    await result.getByText("Error").waitFor();
    expect(await result.locator("pre").textContent()).toMatch(/undefined|Cannot read/);
    await screenshot(page, "rule-chain-test-script");

    // An empty script: the API refuses the save (422) and its words show beside the field.
    await form.getByLabel("Script", { exact: true }).fill("");
    await page.getByLabel("Search nodes").fill("");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page
      .getByRole("alert")
      .getByText(/Not saved: Script transformation needs fixing/)
      .waitFor();
    await form.getByText("Write the script").waitFor();
    await page.getByTestId("chain-version").getByText("Version 3").waitFor();
    await screenshot(page, "rule-chain-422");
  });

  it("says so when someone else saved meanwhile (409)", async () => {
    await page.getByRole("button", { name: "Delete node" }).click();
    const current = (await (await page.request.get(`/api/v1/rule-chains/${chainId}`)).json()) as {
      name: string;
      nodes: unknown[];
      connections: unknown[];
    };
    const other = await page.request.put(`/api/v1/rule-chains/${chainId}`, {
      data: { name: current.name, nodes: current.nodes, connections: current.connections, version: 3 },
      headers: headers(),
    });
    expect(other.status()).toBe(200);
    await page.getByLabel("Chain name").fill("Root rule chain (mine)");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page
      .getByRole("alert")
      .getByText(/Someone else saved this chain/)
      .waitFor();
    await page.getByRole("button", { name: "Load their version (discard mine)" }).click();
    await page.getByTestId("chain-version").getByText("Version 4").waitFor();
  });

  it("asks for a wider screen on a phone, where the list still works", async () => {
    const phone = await browser.newContext({
      baseURL: stack.url,
      viewport: { width: 390, height: 844 },
      storageState: await context.storageState(),
    });
    try {
      const small = await phone.newPage();
      await small.goto(`/rule-chains/${chainId}`);
      await small.getByText(/needs a wider screen/).waitFor();
      await screenshot(small, "rule-chain-phone-editor");
      await small.goto("/rule-chains");
      await small.getByRole("link", { name: "Root rule chain" }).waitFor();
      await screenshot(small, "rule-chains-phone-list");
    } finally {
      await phone.close();
    }
    expect(pageErrors).toEqual([]);
  });
});
