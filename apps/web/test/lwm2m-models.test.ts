import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { screenshot } from "./support/browser.ts";
import { openConsoleSession, type ConsoleSession } from "./support/console-session.ts";
import { signUpWithDevice } from "./support/tenant.ts";

// Issue 25's tenant LwM2M object models in the console: from the settings page, an admin uploads a DDF
// file that is not valid (the API's reason shows beside the file field), then a valid one, finds it by
// search, and deletes it; the empty state invites the first upload.
vi.setConfig({ testTimeout: 180_000 });

const ddf = (type: string) => `<?xml version="1.0" encoding="utf-8"?>
<LWM2M><Object ObjectType="MODefinition"><Name>Line pressure</Name><ObjectID>10299</ObjectID>
<ObjectVersion>1.0</ObjectVersion><MultipleInstances>Multiple</MultipleInstances><Mandatory>Optional</Mandatory>
<Resources><Item ID="1"><Name>Pressure</Name><Operations>R</Operations><MultipleInstances>Single</MultipleInstances>
<Mandatory>Mandatory</Mandatory><Type>${type}</Type><Units>kPa</Units></Item></Resources></Object></LWM2M>`;

let session: ConsoleSession;
let page: Page;
/** The page's script errors and native dialogs: none expected. */
let consoleErrors: string[];

beforeAll(async () => {
  session = await openConsoleSession({ timeout: 60_000 });
  ({ page, consoleErrors } = session);
  await signUpWithDevice(page, session.stack, { email: "lwm2m-models", tenant: "Pipeline Works", device: "Valve" });
}, 15 * 60_000);

afterAll(async () => {
  await session?.close();
});

describe("LwM2M object models in the console", () => {
  it("refuses an invalid DDF file beside its field, then uploads a valid one", async () => {
    await page.goto("/settings");
    await page.getByRole("link", { name: "Manage LwM2M object models" }).click();
    await page.getByText("No uploaded models").waitFor();
    await page.getByRole("button", { name: "Upload your first model" }).click();
    const dialog = page.getByRole("dialog", { name: "Upload an LwM2M object model" });
    const file = dialog.getByLabel("DDF file");
    await file.setInputFiles({ name: "10299.xml", mimeType: "text/xml", buffer: Buffer.from(ddf("Double")) });
    await dialog.getByRole("button", { name: "Upload model" }).click();
    await dialog.getByRole("alert").getByText('Resource 1 of object 10299 has an unknown <Type> "Double"').waitFor();
    await screenshot(page, "lwm2m-models-field-error");

    await file.setInputFiles({
      name: "logo.png",
      mimeType: "image/png",
      buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0]),
    });
    await dialog.getByRole("button", { name: "Upload model" }).click();
    await dialog.getByRole("alert").getByText("This is not a text file: a DDF file is XML (e.g. 3300.xml)").waitFor();

    await file.setInputFiles({ name: "10299.xml", mimeType: "text/xml", buffer: Buffer.from(ddf("Float")) });
    await dialog.getByRole("button", { name: "Upload model" }).click();
    await dialog.waitFor({ state: "hidden" });
    const row = page.getByRole("row", { name: /Line pressure/ });
    await row.getByText("1 Pressure (Float)").waitFor();
    await screenshot(page, "lwm2m-models-list");
  });

  it("searches by name or object id, and deletes through the confirm dialog", async () => {
    await page.getByLabel("Search models").fill("nothing like it");
    await page.getByText("No models match").waitFor();
    await page.getByLabel("Search models").fill("10299");
    await page.getByRole("row", { name: /Line pressure/ }).waitFor();
    await page.getByRole("button", { name: "Delete" }).click();
    const confirm = page.getByRole("dialog", { name: /Delete the model of object 10299/ });
    await confirm.getByRole("button", { name: "Delete model" }).click();
    await page.getByLabel("Search models").fill("");
    await page.getByText("No uploaded models").waitFor();
    expect(consoleErrors).toEqual([]);
  });
});
