import { randomUUID } from "node:crypto";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { launchBrowser, screenshot } from "./support/browser.ts";
import { signUpWithDevice } from "./support/tenant.ts";
import { startStack, type Stack } from "./support/web-process.ts";

// Issue 24, detail pages: assets, customers, device profiles and asset profiles open from their lists
// and show what the API made of them (attributes, relations, assignments, settings, audit trail).
vi.setConfig({ testTimeout: 180_000 });

let stack: Stack;
let browser: Browser;
let page: Page;
let deviceId = "";
let assetId = "";
let customerId = "";
let thermostatId = "";
let emptyCustomerId = "";
const problems: string[] = [];

/** A REST call as the signed-in admin; answers its JSON after checking the status. */
async function api<T = { id: string }>(method: "POST" | "PATCH" | "PUT", path: string, data: unknown, status: number) {
  const response = await page.request.fetch(`/api/v1${path}`, { method, data, headers: { origin: stack.url } });
  expect(response.status(), `${method} ${path}: ${await response.text()}`).toBe(status);
  return (await response.json()) as T;
}

const card = (title: string): Locator =>
  page.locator("section").filter({ has: page.getByRole("heading", { name: title, exact: true }) });

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  const context = await browser.newContext({ baseURL: stack.url, viewport: { width: 1360, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(60_000);
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("dialog", (dialog) => {
    problems.push(`a native ${dialog.type()} dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  ({ deviceId } = await signUpWithDevice(page, stack, {
    email: "details",
    tenant: "Detail Works",
    device: "Boiler 7",
  }));

  customerId = (await api("POST", "/customers", { title: "Harbour Water", email: "ops@harbour.example" }, 201)).id;
  emptyCustomerId = (await api("POST", "/customers", { title: "Quiet Co" }, 201)).id;
  assetId = (await api("POST", "/assets", { name: "North hall", type: "building", customerId }, 201)).id;
  await api("PATCH", `/devices/${deviceId}`, { customerId }, 200);
  await api("POST", "/relations", { from: { type: "ASSET", id: assetId }, to: { type: "DEVICE", id: deviceId } }, 201);
  await api("POST", `/assets/${assetId}/attributes/SERVER`, { floorArea: 1200 }, 200);
  const dashboard = await api("POST", "/dashboards", { title: "Harbour overview" }, 201);
  await api("PUT", `/dashboards/${dashboard.id}/customers`, { customerIds: [customerId] }, 200);

  thermostatId = (await api("POST", "/device-profiles", { name: "Thermostat", description: "Wall units" }, 201)).id;
  await api(
    "PATCH",
    `/device-profiles/${thermostatId}`,
    {
      alarmRules: [
        {
          alarmType: "High temperature",
          create: {
            MAJOR: {
              conditions: [{ source: "TIME_SERIES", key: "temperature", op: ">", value: 30 }],
              durationSeconds: 300,
            },
          },
        },
      ],
    },
    200,
  );
  await api("POST", "/devices", { name: "Hall thermostat", profileId: thermostatId }, 201);
  const yard = await api("POST", "/asset-profiles", { name: "Yard" }, 201);
  await api("POST", "/assets", { name: "Yard shed", profileId: yard.id }, 201);
}, 15 * 60_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe("detail pages", () => {
  it("opens an asset from its list: attributes, its device, relations; rename shows in the audit trail", async () => {
    await page.goto("/assets");
    await page.getByRole("link", { name: "North hall", exact: true }).click();
    await page.waitForURL(`**/assets/${assetId}`);
    await page.getByRole("heading", { name: "North hall", level: 1 }).waitFor();
    expect(await page.getByRole("link", { name: "Harbour Water" }).getAttribute("href")).toBe(
      `/customers/${customerId}`,
    );

    const attributes = card("Attributes");
    await attributes.getByRole("cell", { name: "floorArea" }).waitFor();
    expect(
      await attributes
        .getByRole("row", { name: /floorArea/ })
        .getByRole("cell")
        .nth(1)
        .textContent(),
    ).toBe("1,200");
    // Assets have server attributes only: no scope tabs.
    expect(await attributes.getByRole("tab").count()).toBe(0);
    await attributes.getByLabel("Attribute key").fill("zone");
    await attributes.getByLabel("Attribute value").fill("B");
    await attributes.getByRole("button", { name: "Save" }).click();
    await attributes.getByRole("cell", { name: "zone" }).waitFor();

    await card("Devices").getByRole("link", { name: "Boiler 7" }).waitFor();
    await expect
      .poll(() => card("Relations").getByTestId("relation").first().textContent())
      .toBe("This asset contains Boiler 7Remove");
    // Created, then related to the device; not changed yet.
    await card("Audit trail")
      .getByText(/^added by/)
      .waitFor();
    await card("Audit trail")
      .getByText(/^relation added by/)
      .waitFor();
    expect(
      await card("Audit trail")
        .getByText(/^updated by/)
        .count(),
    ).toBe(0);

    await page.getByRole("button", { name: "Rename" }).click();
    const rename = page.getByRole("dialog", { name: "Rename this asset" });
    await rename.getByLabel("Name").fill("");
    await rename.getByRole("button", { name: "Rename" }).click();
    await rename.getByText("Name the asset").waitFor();
    await rename.getByLabel("Name").fill("North hall A");
    await rename.getByRole("button", { name: "Rename" }).click();
    await page.getByRole("heading", { name: "North hall A", level: 1 }).waitFor();
    await card("Audit trail")
      .getByText(/^updated by/)
      .waitFor();
    await screenshot(page, "asset-detail");

    // The device link leads to the device's page, whose relations name the asset.
    await card("Devices").getByRole("link", { name: "Boiler 7" }).click();
    await page.waitForURL(`**/devices/${deviceId}`);
    await card("Relations").getByText("North hall A contains this device").waitFor();
  });

  it("opens a customer from its list: the devices, assets and dashboards assigned to it; renames it", async () => {
    await page.goto("/customers");
    await page.getByRole("link", { name: "Harbour Water", exact: true }).click();
    await page.waitForURL(`**/customers/${customerId}`);
    await page.getByRole("heading", { name: "Harbour Water", level: 1 }).waitFor();
    const assigned = card("Assigned to this customer");
    await assigned.getByRole("region", { name: "Devices" }).getByRole("link", { name: "Boiler 7" }).waitFor();
    await assigned.getByRole("region", { name: "Assets" }).getByRole("link", { name: "North hall A" }).waitFor();
    await assigned
      .getByRole("region", { name: "Dashboards" })
      .getByRole("link", { name: "Harbour overview" })
      .waitFor();
    expect(await assigned.getByRole("region", { name: "Devices" }).getByRole("heading").textContent()).toBe(
      "Devices (1)",
    );
    await card("Relations").getByText("Not related to anything yet").waitFor();

    await page.getByRole("button", { name: "Rename" }).click();
    const rename = page.getByRole("dialog", { name: "Rename this customer" });
    await rename.getByLabel("Name").fill("Harbour Water Ltd");
    await rename.getByRole("button", { name: "Rename" }).click();
    await page.getByRole("heading", { name: "Harbour Water Ltd", level: 1 }).waitFor();
    await card("Audit trail")
      .getByText(/^updated by/)
      .waitFor();
    await screenshot(page, "customer-detail");

    // A customer with nothing assigned says so once, instead of three empty lists.
    await page.goto(`/customers/${emptyCustomerId}`);
    await card("Assigned to this customer").getByText("Nothing assigned yet").waitFor();
    expect(await card("Assigned to this customer").getByRole("region").count()).toBe(0);
  });

  it("opens a device profile from its list: settings, alarm rules, its devices and the filtered device list", async () => {
    await page.goto("/device-profiles");
    await page.getByRole("link", { name: "Thermostat", exact: true }).click();
    await page.waitForURL(`**/device-profiles/${thermostatId}`);
    await page.getByRole("heading", { name: "Thermostat", level: 1 }).waitFor();
    const settings = card("Settings");
    expect(await settings.getByTestId("payload-type").textContent()).toBe("JSON");
    await expect.poll(() => settings.getByTestId("provisioning-strategy").textContent()).toBe("Disabled");
    expect(await settings.getByRole("list", { name: "Alarm rules" }).textContent()).toBe(
      "High temperaturemajor when temperature > 30 for 300 s",
    );
    expect(await card("Defaults").getByText("The root rule chain").count()).toBe(1);
    const devices = card("Devices");
    expect(await devices.getByTestId("profile-member-count").textContent()).toContain("1 device uses this profile.");
    await devices.getByRole("link", { name: "Hall thermostat" }).waitFor();
    // The alarm rules were saved through the API after the profile was created: its audit trail has both.
    await card("Audit trail")
      .getByText(/^updated by/)
      .waitFor();
    await screenshot(page, "device-profile-detail");

    await devices.getByRole("link", { name: /See them in the device list/ }).click();
    await page.waitForURL(`**/devices?profileId=${thermostatId}`);
    await page.getByRole("cell", { name: "Hall thermostat", exact: true }).waitFor();
    await expect.poll(() => page.getByRole("cell", { name: "Boiler 7", exact: true }).count()).toBe(0);
  });

  it("edits a device profile's alarm rules and defaults on its page, refusals beside their fields", async () => {
    await page.goto(`/device-profiles/${thermostatId}`);
    const settings = card("Settings");
    await settings.getByRole("button", { name: "Edit alarm rules…" }).click();
    const rules = page.getByRole("dialog", { name: "Alarm rules" });
    await rules.getByLabel("Threshold").fill("35");
    // A condition without a key is refused by the API, in words beside it; nothing is saved.
    await rules.getByRole("button", { name: "Add condition" }).first().click();
    await rules.getByRole("button", { name: "Save alarm rules" }).click();
    await rules.locator("[data-alarm-condition='1']").getByText("Name the key").waitFor();
    await rules.getByLabel("Condition key").nth(1).fill("humidity");
    await rules.getByLabel("Threshold").nth(1).fill("80");
    await rules.getByLabel("Clear the alarm when").check();
    await rules.getByLabel("Condition key").nth(2).fill("temperature");
    await rules.getByLabel("Operator").nth(2).selectOption("<");
    await rules.getByLabel("Threshold").nth(2).fill("28");
    await screenshot(page, "device-profile-alarm-rules-editor");
    await rules.getByRole("button", { name: "Save alarm rules" }).click();
    await rules.waitFor({ state: "detached" });
    await expect
      .poll(() => settings.getByRole("list", { name: "Alarm rules" }).textContent())
      .toBe("High temperaturemajor when temperature > 35 and humidity > 80 for 300 scleared when temperature < 28");

    const defaults = card("Defaults");
    await defaults.getByRole("button", { name: "Edit defaults" }).click();
    const dialog = page.getByRole("dialog", { name: "Profile defaults" });
    await expect.poll(() => dialog.getByLabel("Dashboard").locator("option").count()).toBeGreaterThan(1);
    await dialog.getByLabel("Dashboard").selectOption({ label: "Harbour overview" });
    await dialog.getByLabel("Queue").fill("HighPriority");
    await dialog.getByRole("button", { name: "Save defaults" }).click();
    await dialog.waitFor({ state: "detached" });
    await defaults.getByRole("link", { name: "Harbour overview" }).waitFor();
    await defaults.getByText("HighPriority").waitFor();
    expect(await defaults.getByText("The root rule chain").count()).toBe(1);
    await screenshot(page, "device-profile-edited");
  });

  it("opens an asset profile from its list: its assets, and the asset list filtered by it", async () => {
    await page.goto("/asset-profiles");
    await page.getByRole("link", { name: "default", exact: true }).click();
    await page.waitForURL(/\/asset-profiles\/[0-9a-f-]{36}$/);
    await page.getByRole("heading", { name: /^default/, level: 1 }).waitFor();
    const assets = card("Assets");
    expect(await assets.getByTestId("profile-member-count").textContent()).toContain("1 asset uses this profile.");
    await assets.getByRole("link", { name: "North hall A" }).waitFor();
    // The default profile takes assets created without one: no Delete.
    expect(await page.getByRole("button", { name: "Delete profile" }).count()).toBe(0);
    await screenshot(page, "asset-profile-detail");

    await assets.getByRole("link", { name: /See them in the asset list/ }).click();
    await page.waitForURL(/\/assets\?profileId=/);
    await page.getByRole("link", { name: "North hall A", exact: true }).waitFor();
    await expect.poll(() => page.getByRole("link", { name: "Yard shed" }).count()).toBe(0);
    expect(await page.getByLabel("Filter by profile").locator("option:checked").textContent()).toBe("default");
  });

  it("says a wrong id names nothing, with the way back to the list", async () => {
    for (const [path, noun, back] of [
      ["/assets", "asset", "All assets"],
      ["/customers", "customer", "All customers"],
      ["/device-profiles", "device profile", "All device profiles"],
      ["/asset-profiles", "asset profile", "All asset profiles"],
    ] as const) {
      await page.goto(`${path}/${randomUUID()}`);
      await page.getByText(`This ${noun} does not exist, or you do not have access to it.`).waitFor();
      expect(await page.getByRole("link", { name: `← ${back}` }).getAttribute("href")).toBe(path);
    }
    await screenshot(page, "asset-profile-not-found");
  });

  it("deletes an asset through the console's dialog and returns to the list without it", async () => {
    await page.goto(`/assets/${assetId}`);
    await page.getByRole("button", { name: "Delete asset" }).click();
    const confirm = page.getByRole("dialog", { name: "Delete North hall A?" });
    await confirm.getByText("the devices it contains stay").waitFor();
    await confirm.getByRole("button", { name: "Delete asset" }).click();
    await page.waitForURL(/\/assets$/);
    await page.getByRole("link", { name: "Yard shed" }).waitFor();
    expect(await page.getByRole("link", { name: "North hall A" }).count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
