import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { screenshot } from "./support/browser.ts";
import { openConsoleSession, type ConsoleSession } from "./support/console-session.ts";
import { signUpWithDevice } from "./support/tenant.ts";
import type { Stack } from "./support/web-process.ts";

// Issue 26's edges in the console: from the navigation's empty Edges page (which explains an edge and links to
// its operations in the API reference), an admin creates an edge (an empty name refused beside the field),
// copies its secret and the edge machine's environment from the dialog that shows them once, and the edge
// calling the cloud with those lines shows as linked; it is renamed in the console's rename dialog (an empty or
// too long name refused beside the field); on a phone the edge is a card, deleted through the console's confirm
// dialog, after which its secret is refused and the empty state is back.
vi.setConfig({ testTimeout: 180_000 });

let session: ConsoleSession;
let stack: Stack;
let page: Page;
let consoleErrors: string[];
/** What the secret dialog showed: the lines an operator puts on the edge machine. */
let environment: Record<string, string> = {};

/** The edge's own call (docs/edge.md): the downlink with `Authorization: Edge <key>:<secret>`, no session cookie. */
const edgeCall = (env: Record<string, string>) =>
  fetch(`${env.EDGE_CLOUD_URL}/api/v1/edge/downlink`, {
    headers: { authorization: `Edge ${env.EDGE_KEY}:${env.EDGE_SECRET}` },
  });

beforeAll(async () => {
  session = await openConsoleSession({ clipboard: true, timeout: 30_000 });
  ({ stack, page, consoleErrors } = session);
  await signUpWithDevice(page, stack, { email: "edges", tenant: "Harbour Plants", device: "Crane" });
}, 15 * 60_000);

afterAll(async () => {
  await session?.close();
});

describe("edges in the console", () => {
  it("explains edges when there are none and links to their API operations", async () => {
    await page.goto("/");
    await page.getByRole("navigation").getByRole("link", { name: "Edges" }).click();
    await page.waitForURL(/\/edges$/);
    await page.getByText("No edges").waitFor();
    await page.getByText(/An edge is an IndustryOS ingest and workers pair/).waitFor();
    await screenshot(page, "edges-empty");

    await page.getByRole("link", { name: "the Edges operations in the API reference" }).click();
    await page.waitForURL(/\/api-docs#\/Edges$/);
    // The link opens the Edges tag of the reference, and only it.
    await page.locator('.swagger-ui h3.opblock-tag[data-tag="Edges"][data-is-open="true"]').waitFor();
    await page.locator(".swagger-ui .opblock-summary-path", { hasText: "/api/v1/edge/downlink" }).waitFor();
    expect(await page.locator('.swagger-ui h3.opblock-tag[data-is-open="true"]').count()).toBe(1);
  });

  it("creates an edge, shows its secret and environment once, and lists it as linked once it calls", async () => {
    await page.goto("/edges");
    await page.getByRole("button", { name: "Create your first edge" }).click();
    const dialog = page.getByRole("dialog", { name: "New edge" });
    await dialog.getByRole("button", { name: "Create edge" }).click();
    // The API's schema refuses an empty name; its words show beside the field.
    await dialog.getByText("Name the edge after its site").waitFor();
    await screenshot(page, "edges-field-error");
    await dialog.getByLabel("Name").fill("Plant Hamburg");
    await dialog.getByRole("button", { name: "Create edge" }).click();

    const secretDialog = page.getByRole("dialog", { name: "Edge created: copy its secret now" });
    const secret = (await secretDialog.getByTestId("edge-secret").textContent())?.trim() ?? "";
    expect(secret.length).toBeGreaterThanOrEqual(24);
    const lines = (await secretDialog.getByTestId("edge-environment").textContent()) ?? "";
    environment = Object.fromEntries(
      lines
        .trim()
        .split("\n")
        .map((line) => line.split(/=(.*)/s).slice(0, 2)),
    );
    expect(environment).toEqual({
      EDGE_CLOUD_URL: stack.url,
      EDGE_KEY: expect.stringMatching(/^[0-9a-f-]{36}$/),
      EDGE_SECRET: secret,
    });
    await secretDialog.getByRole("button", { name: "Copy" }).first().click();
    await secretDialog.getByRole("button", { name: "Copied" }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await screenshot(page, "edges-secret-once");
    await secretDialog.getByRole("button", { name: "I have stored it" }).click();
    await secretDialog.waitFor({ state: "hidden" });

    const row = page.getByRole("row", { name: /Plant Hamburg/ });
    await row.getByText(environment.EDGE_KEY!).waitFor();
    await row.getByText("never connected").waitFor();
    // Shown once: the page keeps no trace of it.
    expect(await page.content()).not.toContain(secret);

    // The edge machine started with those lines reaches the cloud.
    expect((await edgeCall(environment)).status).toBe(200);
    await page.reload();
    await row.getByText("linked", { exact: true }).waitFor();
    await row.getByText("seen just now").waitFor();
    expect(await page.content()).not.toContain(secret);
    await screenshot(page, "edges-list");

    // A second edge of the same name is refused in words, in the dialog.
    await page.getByRole("button", { name: "New edge" }).click();
    await dialog.getByLabel("Name").fill("Plant Hamburg");
    await dialog.getByRole("button", { name: "Create edge" }).click();
    await dialog.getByRole("alert").getByText('An edge named "Plant Hamburg" already exists').waitFor();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "hidden" });
  });

  it("renames an edge in the rename dialog, refusing an empty or too long name beside the field", async () => {
    await page.goto("/edges");
    await page
      .getByRole("row", { name: /Plant Hamburg/ })
      .getByRole("button", { name: "Rename" })
      .click();
    const dialog = page.getByRole("dialog", { name: "Rename this edge" });
    const name = dialog.getByLabel("Name");
    expect(await name.inputValue()).toBe("Plant Hamburg");

    await name.fill(" ");
    await dialog.getByRole("button", { name: "Rename" }).click();
    await dialog.getByText("Name the edge after its site").waitFor();
    await name.fill("x".repeat(101));
    await dialog.getByRole("button", { name: "Rename" }).click();
    await dialog.getByText("Keep the edge's name to 100 characters").waitFor();
    await screenshot(page, "edges-rename-error");

    await name.fill("Plant Hamburg, hall 2");
    await dialog.getByRole("button", { name: "Rename" }).click();
    await dialog.waitFor({ state: "hidden" });
    const row = page.getByRole("row", { name: /Plant Hamburg, hall 2/ });
    await row.getByText(environment.EDGE_KEY!).waitFor();
    // The edge keeps its key and secret: it still reaches the cloud, and the list says so after a reload.
    expect((await edgeCall(environment)).status).toBe(200);
    await page.reload();
    await row.getByText("Plant Hamburg, hall 2", { exact: true }).waitFor();
    expect(await page.getByRole("row", { name: /Plant Hamburg/ }).count()).toBe(1);
  });

  it("is a card on a phone, deleted through the confirm dialog, and its secret stops working", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/edges");
    const card = page.getByTestId("edge-card").filter({ hasText: "Plant Hamburg, hall 2" });
    await card.getByText("linked", { exact: true }).waitFor();
    await card.getByText(environment.EDGE_KEY!).waitFor();
    expect(await page.getByRole("table").isVisible()).toBe(false);
    // Nothing reaches past the screen's edge (the routing key wraps).
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, "edges-phone");

    await page.getByRole("button", { name: "New edge" }).click();
    const box = await page.getByRole("dialog", { name: "New edge" }).boundingBox();
    expect(box!.width).toBeLessThanOrEqual(390);
    await page.keyboard.press("Escape");

    await card.getByRole("button", { name: "Delete" }).click();
    const confirm = page.getByRole("dialog", { name: "Delete the edge “Plant Hamburg, hall 2”?" });
    await confirm.getByText(/stop working at once/).waitFor();
    await confirm.getByRole("button", { name: "Delete edge" }).click();
    await page.getByText("No edges").waitFor();
    await page.getByRole("button", { name: "Create your first edge" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, "edges-phone-empty");
    expect((await edgeCall(environment)).status).toBe(401);
    expect(consoleErrors).toEqual([]);
  });
});
