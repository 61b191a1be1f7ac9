import { startResendServer } from "@industryos/api/testing";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { screenshot } from "./support/browser.ts";
import type { ConsoleSession } from "./support/console-session.ts";
import { signUpWithDevice } from "./support/tenant.ts";
import type { Stack } from "./support/web-process.ts";
import { openWorkersConsoleSession } from "./support/workers-session.ts";

// Issue 21's notification center in the console: a tenant admin configures the email provider (a local
// server speaking Resend's API, reached by the workers process through RESEND_BASE_URL) and sends a test,
// adds targets (an error beside the field first) and a template with its live preview, sends a
// notification, follows each recipient's delivery, and sees the bell count it, live, until it is read.
// The workers run it on a real Temporal dev server.
vi.setConfig({ testTimeout: 180_000 });

/** A Redis database no other test file uses: the workers' rule-engine streams have fixed names. */
const REDIS_DB = 52;

let resend: Awaited<ReturnType<typeof startResendServer>>;
let session: ConsoleSession;
let stack: Stack;
let page: Page;
let adminEmail = "";
let consoleErrors: string[];

beforeAll(async () => {
  resend = await startResendServer("re_console_test_key");
  session = await openWorkersConsoleSession({
    name: "notifications",
    redisDb: REDIS_DB,
    env: { RESEND_BASE_URL: resend.baseUrl },
    timeout: 30_000,
  });
  ({ stack, page, consoleErrors } = session);
}, 15 * 60_000);

afterAll(async () => {
  await session?.close();
  await resend?.close();
});

const bell = () => page.getByTestId("notification-bell");
/** A section of the notification center, by its tab. */
const tab = (name: string) =>
  page.getByRole("navigation", { name: "Notification center" }).getByRole("link", { name, exact: true });

describe("the notification center in the console", () => {
  it("configures the email provider, write-only, and sends a test through it", async () => {
    await signUpWithDevice(page, stack, { email: "notify", tenant: "Notify Works", device: "Boiler" });
    const me = await page.request.get("/api/v1/auth/me");
    adminEmail = ((await me.json()) as { email: string }).email;
    await page.goto("/notifications");
    await page.getByText("No notifications yet").waitFor();
    await expect.poll(() => bell().getAttribute("aria-label")).toBe("Notifications, none unread");

    await tab("Settings").click();
    const email = page.getByRole("form", { name: "Email (Resend)" });
    await email.getByLabel("Sender").fill("Alerts <alerts@example.test>");
    await email.getByRole("button", { name: "Save" }).click();
    // The key is missing: said beside its field.
    await email.getByText("Enter the Resend API key").waitFor();
    await email.getByLabel("API key").fill(resend.apiKey);
    await email.getByRole("button", { name: "Save" }).click();
    await email.getByText("Saved.").waitFor();
    await page.getByText("configured", { exact: true }).first().waitFor();
    // Write-only: the field is empty again, the placeholder says a key is stored; the page never had the key.
    await page.reload();
    const keyField = page.getByRole("form", { name: "Email (Resend)" }).getByLabel("API key");
    expect(await keyField.inputValue()).toBe("");
    expect(await keyField.getAttribute("placeholder")).toMatch(/stored/);
    expect(await page.content()).not.toContain(resend.apiKey);

    await page.getByRole("form", { name: "Email (Resend)" }).getByRole("button", { name: "Send test" }).click();
    const dialog = page.getByRole("dialog", { name: "Send a test Email notification" });
    await dialog.getByLabel("Email address").fill("me@example.test");
    await dialog.getByRole("button", { name: "Send test" }).click();
    const result = dialog.getByTestId("test-result");
    // Said in words; Resend's answer (its message id) is a detail under them, closed until asked for.
    await result.getByText("Sent: the provider accepted it.").waitFor({ timeout: 60_000 });
    expect(await result.locator("pre").isVisible()).toBe(false);
    await result.getByText("The provider's answer").click();
    await result.getByText(/"id": "[0-9a-f-]{36}"/).waitFor();
    expect(resend.sent.at(-1)).toMatchObject({
      to: "me@example.test",
      from: "Alerts <alerts@example.test>",
      subject: "Test notification from IndustryOS",
    });
    // The channel in words, not its enum (EMAIL).
    expect(resend.sent.at(-1)!.text ?? resend.sent.at(-1)!.html).toContain(
      "a test of your email notification settings",
    );
    await screenshot(page, "notifications-settings");
    await dialog.getByRole("button", { name: "Close" }).click();
  });

  it("says nothing about unread notifications while it does not know how many", async () => {
    const early = await page.context().newPage();
    try {
      // The first count and the live socket held back, as on a slow network.
      let release = () => {};
      const asked = new Promise<void>((resolve) => {
        void early.route(/notifications\.unreadCount/, async (route) => {
          resolve();
          await new Promise<void>((held) => (release = held));
          await route.continue();
        });
      });
      await early.routeWebSocket(/\/api\/ws/, () => undefined);
      await early.goto("/notifications");
      await asked;
      const earlyBell = early.getByTestId("notification-bell");
      expect(await earlyBell.getAttribute("aria-label")).toBe("Notifications");
      expect(await early.getByTestId("notification-count").count()).toBe(0);
      release();
      await expect.poll(() => earlyBell.getAttribute("aria-label")).toBe("Notifications, none unread");
    } finally {
      await early.close();
    }
  });

  it("adds targets, showing a bad address beside its field", async () => {
    await tab("Targets").click();
    await page.getByText("No targets yet").waitFor();
    await page.getByRole("button", { name: "Add target" }).click();
    let dialog = page.getByRole("dialog", { name: "Add a notification target" });
    await dialog.getByLabel("Name").fill("On call");
    await dialog.getByLabel("Email addresses").fill("oncall@example.test, not-an-address");
    await dialog.getByRole("button", { name: "Create" }).click();
    await dialog.getByText("Not an email address").waitFor();
    await dialog.getByLabel("Email addresses").fill("oncall@example.test");
    await dialog.getByRole("button", { name: "Create" }).click();
    await page.getByRole("cell", { name: "oncall@example.test" }).waitFor();

    await page.getByRole("button", { name: "Add target" }).click();
    dialog = page.getByRole("dialog", { name: "Add a notification target" });
    await dialog.getByLabel("Name").fill("Administrators");
    await dialog.getByLabel("Sends to").selectOption("PLATFORM_USERS");
    await dialog.getByLabel("Which users").selectOption("TENANT_ADMINS");
    await dialog.getByRole("button", { name: "Create" }).click();
    await page.getByRole("cell", { name: "the administrators" }).waitFor();
  });

  it("writes a template beside its live preview", async () => {
    await tab("Templates").click();
    await page.getByText("No templates yet").waitFor();
    await page.getByRole("button", { name: "New template" }).click();
    const editor = page.getByRole("form", { name: "Template" });
    await editor.getByLabel("Name").fill("Boiler service");
    // The empty list's own call to create is gone while the editor is open: one way to create, its own.
    expect(await page.getByRole("button", { name: "Write your first template" }).count()).toBe(0);
    await editor.getByLabel("Written for").selectOption("ALARM");
    await editor.getByLabel("Subject").first().fill("${alarmType} on ${deviceName}");
    await editor.locator("#body-IN_APP").fill("Severity ${severity}, ${data.humidity}% humidity");
    // The preview renders a typical alarm, and names what it has no value for.
    await page.getByTestId("preview-IN_APP").getByText("High temperature on pump-1").waitFor();
    await page.getByText("No value in this kind of event for ${data.humidity}").waitFor();
    await editor.getByRole("checkbox", { name: "Email" }).check();
    await editor.getByLabel("Subject").nth(1).fill("Boiler service by ${sentBy}");
    await editor.locator("#body-EMAIL").fill("The boiler is serviced at 14:00.");
    await page.getByTestId("preview-EMAIL").getByText("The boiler is serviced at 14:00.").waitFor();
    await screenshot(page, "notifications-template-editor");
    await editor.getByRole("button", { name: "Create template" }).click();
    await page.getByRole("cell", { name: "Boiler service" }).waitFor();
  });

  it("lets a rule chain's Notify node pick the targets and the template by name", async () => {
    await page.goto("/rule-chains");
    await page.getByRole("link", { name: "Root rule chain" }).click();
    await page.getByTestId("chain-version").getByText("Version 1").waitFor();
    await page.getByLabel("Search nodes").fill("notify");
    await page.getByRole("button", { name: "Add Notify" }).click();
    const form = page.getByRole("form", { name: /Configure/ });
    const targets = form.getByRole("group", { name: "Targets" });
    await targets.getByRole("checkbox", { name: "On call" }).check();
    await targets.getByRole("checkbox", { name: "Administrators" }).waitFor();
    await form.getByLabel("Template", { exact: true }).selectOption({ label: "Boiler service" });
    await page.getByLabel("Search nodes").fill("");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByTestId("chain-version").getByText("Version 2").waitFor();
    const chains = (await (await page.request.get("/api/v1/rule-chains")).json()) as { data: { id: string }[] };
    const chain = (await (await page.request.get(`/api/v1/rule-chains/${chains.data[0]!.id}`)).json()) as {
      nodes: { type: string; config: { targetIds: string[]; templateId: string } }[];
    };
    const notify = chain.nodes.find((n) => n.type === "action.notify")!;
    const [targetList, templateList] = await Promise.all([
      (await page.request.get("/api/v1/notification-targets")).json() as Promise<{
        data: { id: string; name: string }[];
      }>,
      (await page.request.get("/api/v1/notification-templates")).json() as Promise<{
        data: { id: string; name: string }[];
      }>,
    ]);
    expect(notify.config.targetIds).toEqual([targetList.data.find((t) => t.name === "On call")!.id]);
    expect(notify.config.templateId).toBe(templateList.data.find((t) => t.name === "Boiler service")!.id);
    await screenshot(page, "notifications-rule-node");
    await page.goto("/notifications/sent");
  });

  it("sends a notification, shows each recipient's delivery, and the bell counts it live until it is read", async () => {
    // The settings' test went out like every notification: it is in the log already.
    await page.getByRole("row").filter({ hasText: "Test notification from IndustryOS" }).getByText("1 sent").waitFor();
    await page.getByRole("button", { name: "Send notification" }).click();
    const dialog = page.getByRole("dialog", { name: "Send a notification" });
    await dialog.getByRole("checkbox", { name: "On call" }).check();
    await dialog.getByRole("checkbox", { name: "Administrators" }).check();
    await dialog.getByLabel("Template").selectOption({ label: "Boiler service" });
    await dialog.getByRole("button", { name: "Send" }).click();

    // The request's page: in-app to the admin, email to the admin and to on-call, each sent with Resend's id.
    await page.waitForURL(/\/notifications\/sent\/[0-9a-f-]+$/);
    await page.getByTestId("request-stats").getByText("3 sent").waitFor({ timeout: 60_000 });
    for (const recipient of ["oncall@example.test", adminEmail]) {
      const row = page.getByRole("row").filter({ hasText: recipient }).filter({ hasText: "Email" });
      await row.getByText("sent", { exact: true }).waitFor();
      await row.getByText(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/).waitFor();
    }
    // In-app to the administrator, named by email rather than by user id.
    const inApp = page.getByRole("row").filter({ hasText: "In-app" });
    await inApp.getByText(adminEmail).waitFor();
    await inApp.getByText("sent", { exact: true }).waitFor();
    expect(
      resend.sent
        .filter((e) => e.subject === `Boiler service by ${adminEmail}`)
        .map((e) => e.to)
        .sort(),
    ).toEqual([adminEmail, "oncall@example.test"].sort());
    // The bell counted it without a reload.
    await expect.poll(() => bell().getAttribute("aria-label"), { timeout: 20_000 }).toBe("Notifications, 1 unread");
    await page.getByTestId("notification-count").getByText("1").waitFor();
    await screenshot(page, "notifications-sent");

    await bell().click();
    await page.waitForURL(/\/notifications$/);
    const row = page.getByRole("row").filter({ hasText: "Severity" });
    await row.getByLabel("unread").waitFor();
    await row.getByRole("button", { name: "Mark read" }).click();
    await expect.poll(() => bell().getAttribute("aria-label"), { timeout: 20_000 }).toBe("Notifications, none unread");
    await page.getByText("All read", { exact: true }).waitFor();
  });

  it("is usable on a phone: the inbox as cards", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/notifications");
    await page.getByRole("listitem").filter({ hasText: "Severity" }).waitFor();
    await screenshot(page, "notifications-phone");
    await page.setViewportSize({ width: 1360, height: 900 });
    expect(consoleErrors).toEqual([]);
  });
});
