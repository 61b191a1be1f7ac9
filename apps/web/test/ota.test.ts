import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { screenshot } from "./support/browser.ts";
import type { ConsoleSession } from "./support/console-session.ts";
import { signUpWithDevice } from "./support/tenant.ts";
import type { Stack } from "./support/web-process.ts";
import { openWorkersConsoleSession } from "./support/workers-session.ts";

// Issue 22's OTA in the console: a tenant admin uploads a firmware package (progress bar, checksum), assigns it on
// the device page, then starts a campaign over the device profile and pauses, resumes and cancels it on the
// campaign's page. The workers run the campaign on the Java Temporal test server, started plainly (real time).
vi.setConfig({ testTimeout: 300_000 });

/** A Redis database no other test file uses: the workers' rule-engine streams have fixed names. */
const REDIS_DB = 54;

let session: ConsoleSession;
let stack: Stack;
let page: Page;
let consoleErrors: string[];

beforeAll(async () => {
  session = await openWorkersConsoleSession({ name: "ota", redisDb: REDIS_DB, temporal: "test", timeout: 60_000 });
  ({ stack, page, consoleErrors } = session);
}, 15 * 60_000);

afterAll(async () => {
  await session?.close();
});

describe("OTA in the console", () => {
  it("uploads a package, assigns it on the device page, and runs a campaign with pause, resume and cancel", async () => {
    const { deviceId } = await signUpWithDevice(page, stack, { email: "ota", tenant: "OTA Works", device: "Boiler 1" });
    const file = join(mkdtempSync(join(tmpdir(), "ota-")), "boiler-1.2.0.bin");
    writeFileSync(file, randomBytes(300_000));

    await page.goto("/ota-packages");
    await page.getByText("No packages yet").waitFor();
    await page.getByRole("button", { name: "Upload package" }).first().click();
    const upload = page.getByRole("dialog");
    await upload.getByLabel("Title").fill("boiler-fw");
    await upload.getByLabel("Version").fill("1.2.0");
    await upload.getByRole("button", { name: "Upload" }).click();
    await upload.getByText("Choose the package file").waitFor();
    await upload.getByLabel("File", { exact: true }).setInputFiles(file);
    await upload.getByRole("button", { name: "Upload" }).click();
    await page.getByRole("cell", { name: "boiler-fw" }).waitFor();
    await page.getByRole("cell", { name: "293 KiB" }).waitFor();
    await screenshot(page, "ota-packages");

    // The same title and version again: refused, in words, and the dialog stays.
    await page.getByRole("button", { name: "Upload package" }).first().click();
    await upload.getByLabel("Title").fill("boiler-fw");
    await upload.getByLabel("Version").fill("1.2.0");
    await upload.getByLabel("File", { exact: true }).setInputFiles(file);
    await upload.getByRole("button", { name: "Upload" }).click();
    await upload.getByText(/already exists/).waitFor();
    await upload.getByRole("button", { name: "Cancel" }).click();

    await page.goto(`/devices/${deviceId}`);
    await page.getByLabel("Assign firmware").selectOption({ label: "boiler-fw 1.2.0" });
    await page.getByText(/target boiler-fw 1\.2\.0 \(this device\) · QUEUED/).waitFor();
    await page.getByLabel("Assign firmware").selectOption({ label: "The profile's (none of its own)" });
    await page
      .getByText(/target none/)
      .first()
      .waitFor();

    await page.goto("/ota-campaigns");
    await page.getByRole("button", { name: "New campaign" }).first().click();
    const create = page.getByRole("dialog");
    await create.getByLabel("Name").fill("Boilers to 1.2.0");
    await create.getByLabel("Waves (cumulative %)").fill("100");
    // The button waits for the package and profile lists (on a slow machine they arrive after the fields are filled).
    await create
      .getByLabel("Package")
      .locator("option", { hasText: "boiler-fw 1.2.0" })
      .waitFor({ state: "attached", timeout: 60_000 });
    await create.getByRole("button", { name: "Start campaign" }).click();
    // Starting it asks the workers' Temporal server: allow for a slow first connection.
    // A refusal shows in the dialog: fail with its words rather than a bare timeout.
    const opened = page.getByRole("heading", { name: /Boilers to 1\.2\.0/ });
    await opened.or(create.getByRole("alert")).first().waitFor({ timeout: 60_000 });
    if (!(await opened.isVisible())) throw new Error(`the campaign did not start: ${await create.textContent()}`);
    expect(page.url()).toMatch(/\/ota-campaigns\/[0-9a-f-]{36}$/);
    // The device has never reported: it gets the package and waits, counted apart.
    await page.getByText(/1 waiting offline/).waitFor({ timeout: 60_000 });
    await page.getByRole("progressbar", { name: "Campaign progress" }).waitFor();
    await screenshot(page, "ota-campaign");
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole("button", { name: "Pause" }).waitFor();
    await screenshot(page, "ota-campaign-phone");
    await page.setViewportSize({ width: 1360, height: 900 });

    await page.getByRole("button", { name: "Pause" }).click();
    await page.getByText("paused", { exact: true }).waitFor({ timeout: 60_000 });
    await page.getByRole("button", { name: "Resume" }).click();
    await page.getByText("running", { exact: true }).waitFor({ timeout: 60_000 });
    await page.getByRole("button", { name: "Cancel campaign" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Cancel campaign" }).click();
    await page.getByText("cancelled", { exact: true }).waitFor({ timeout: 60_000 });
    expect(await page.getByRole("button", { name: "Pause" }).count()).toBe(0);
    expect(consoleErrors).toEqual([]);
  });
  it("starts a campaign over two chosen devices, notifying a chosen target, and its progress lists exactly those two; then one over a saved filter", async () => {
    // Runs after the test above: the same tenant, its package, and its first campaign cancelled.
    const headers = { origin: stack.url };
    const post = async (path: string, data: unknown) => {
      const response = await page.request.post(path, { data, headers });
      expect(response.status(), await response.text()).toBe(201);
      return (await response.json()) as { id: string };
    };
    for (const name of ["Pump A", "Pump B", "Pump C"]) await post("/api/v1/devices", { name });
    await post("/api/v1/notification-targets", {
      name: "Night shift",
      type: "PLATFORM_USERS",
      configuration: { users: { type: "TENANT_ADMINS" } },
    });

    // The profiles list offers each package type in its own column: the firmware above is not a software choice.
    await page.goto("/device-profiles");
    const firmwareChoice = page.getByLabel(/^Firmware of /).first();
    await expect
      .poll(async () => firmwareChoice.locator("option").allTextContents())
      .toEqual(["None", "boiler-fw 1.2.0"]);
    expect(
      await page
        .getByLabel(/^Software of /)
        .first()
        .locator("option")
        .allTextContents(),
    ).toEqual(["None"]);

    await page.goto("/ota-campaigns");
    await page.getByRole("button", { name: "New campaign" }).first().click();
    const create = page.getByRole("dialog");
    await create.getByLabel("Name").fill("Two pumps");
    await create.getByLabel("Waves (cumulative %)").fill("100");
    await create
      .getByLabel("Package")
      .locator("option", { hasText: "boiler-fw 1.2.0" })
      .waitFor({ state: "attached", timeout: 60_000 });

    // A filter shows how many devices it matches now; one matching none is refused beside the target, in words.
    await create.getByLabel("A filter").check();
    await create.getByLabel("Name, label or type contains").fill("pump");
    await create.getByText("3 devices match now.").waitFor();
    await create.getByLabel("Name, label or type contains").fill("no such pump");
    await create.getByText("No device matches this filter.").waitFor();
    await create.getByRole("button", { name: "Start campaign" }).click();
    await create.getByText("The target has no devices").waitFor();

    // Two devices chosen from a search; none chosen is not offered.
    await create.getByLabel("Chosen devices").check();
    expect(await create.getByRole("button", { name: "Start campaign" }).isDisabled()).toBe(true);
    await create.getByLabel("Search devices").fill("pump");
    await create.getByLabel("Pump A").check();
    await create.getByLabel("Pump C").check();
    await create.getByText("2 devices chosen").waitFor();
    await create.getByLabel("Night shift").check();
    await screenshot(page, "ota-campaign-chosen-devices");
    await create.getByRole("button", { name: "Start campaign" }).click();
    const opened = page.getByRole("heading", { name: /Two pumps/ });
    await opened.or(create.getByRole("alert")).first().waitFor({ timeout: 60_000 });
    if (!(await opened.isVisible())) throw new Error(`the campaign did not start: ${await create.textContent()}`);

    await page.getByText("Devices (2)").waitFor();
    const listed = page.getByRole("link", { name: /^(Pump|Boiler)/ });
    await expect.poll(async () => (await listed.allTextContents()).sort()).toEqual(["Pump A", "Pump C"]);
    await page.getByText(/2 waiting offline/).waitFor({ timeout: 60_000 });
    expect(page.url()).toMatch(/\/ota-campaigns\/[0-9a-f-]{36}$/);
    const campaignId = page.url().split("/").at(-1)!;
    // What the dialog sent, as the API keeps it: the two devices and the chosen target.
    const campaign = (await (await page.request.get(`/api/v1/ota-campaigns/${campaignId}`)).json()) as {
      target: { deviceIds: string[]; notifyTargetIds: string[] };
    };
    const targets = (await (await page.request.get("/api/v1/notification-targets")).json()) as {
      data: { id: string; name: string }[];
    };
    expect(campaign.target.deviceIds).toHaveLength(2);
    expect(campaign.target.notifyTargetIds).toEqual([targets.data.find((t) => t.name === "Night shift")!.id]);
    await page.getByRole("button", { name: "Cancel campaign" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Cancel campaign" }).click();
    await page.getByText("cancelled", { exact: true }).waitFor({ timeout: 60_000 });

    // The devices list's search saved as a filter, listed with what it matches, then targeted by a campaign.
    await page.goto("/devices");
    await page.getByLabel("Search devices").fill("pump");
    await page.getByRole("cell", { name: "Pump B", exact: true }).waitFor();
    await page.getByRole("button", { name: "Save filter" }).click();
    await page.getByRole("dialog").getByLabel("Filter name").fill("Pumps");
    await page.getByRole("dialog").getByRole("button", { name: "Save", exact: true }).click();
    await page.getByText("Saved as “Pumps”").waitFor();
    await page.goto("/device-filters");
    await page.getByRole("cell", { name: "Pumps" }).waitFor();
    await page.getByText("3 devices match now").waitFor();
    await page.getByText("name, label or type contains “pump”").waitFor();
    // Renamed: an empty name is refused under the field, in words; the new name is what the campaign dialog offers.
    await page.getByRole("button", { name: "Rename" }).click();
    const rename = page.getByRole("dialog");
    await rename.getByLabel("Name").fill(" ");
    await rename.getByRole("button", { name: "Rename" }).click();
    await rename.getByText("Name the filter").waitFor();
    await rename.getByLabel("Name").fill("Pump fleet");
    await rename.getByRole("button", { name: "Rename" }).click();
    await page.getByRole("cell", { name: "Pump fleet" }).waitFor();

    await page.goto("/ota-campaigns");
    await page.getByRole("button", { name: "New campaign" }).first().click();
    await create.getByLabel("Name").fill("Saved pumps");
    await create.getByLabel("Waves (cumulative %)").fill("100");
    await create
      .getByLabel("Package")
      .locator("option", { hasText: "boiler-fw 1.2.0" })
      .waitFor({ state: "attached", timeout: 60_000 });
    await create.getByLabel("A saved filter").check();
    await create.getByLabel("Saved filter", { exact: true }).selectOption({ label: "Pump fleet" });
    await create.getByText("3 devices match now").waitFor();
    await create.getByRole("button", { name: "Start campaign" }).click();
    await page.getByRole("heading", { name: /Saved pumps/ }).waitFor({ timeout: 60_000 });
    await page.getByText(/3 devices of saved filter “Pump fleet”/).waitFor();
    const savedId = page.url().split("/").at(-1)!;
    const saved = (await (await page.request.get(`/api/v1/ota-campaigns/${savedId}`)).json()) as {
      total: number;
      target: { savedFilterName: string; filter: unknown; matchedDevices: number };
    };
    expect(saved).toMatchObject({
      total: 3,
      target: { savedFilterName: "Pump fleet", filter: { search: "pump" }, matchedDevices: 3 },
    });
    await page.getByRole("button", { name: "Cancel campaign" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Cancel campaign" }).click();
    await page.getByText("cancelled", { exact: true }).waitFor({ timeout: 60_000 });
    expect(consoleErrors).toEqual([]);
  });
});
