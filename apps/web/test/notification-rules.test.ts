import { alarmContext, raiseAlarm } from "@industryos/api";
import { createDatabaseClients, type DatabaseClients } from "@industryos/db";
import { Redis } from "ioredis";
import pino from "pino";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { screenshot } from "./support/browser.ts";
import type { ConsoleSession } from "./support/console-session.ts";
import { signUpWithDevice } from "./support/tenant.ts";
import type { Stack } from "./support/web-process.ts";
import { openWorkersConsoleSession } from "./support/workers-session.ts";

// Issue 21's notification rules and escalation policies in the console: a tenant admin creates a rule (its
// missing events said beside the field first) and switches it off and on, builds a two-level escalation policy
// (a level not later than the one before said beside it), then an alarm is raised as the rule engine raises it:
// the workers (on a real Temporal dev server) notify the rule and start the escalation, whose first level is sent
// at once; the alarm page's Escalation panel shows where it stands and what was sent, until the alarm is
// acknowledged in the console.
vi.setConfig({ testTimeout: 180_000 });

/** A Redis database no other test file uses: the workers' rule-engine streams have fixed names. */
const REDIS_DB = 38;

let session: ConsoleSession;
let stack: Stack;
let page: Page;
let db: DatabaseClients;
let redis: Redis;
let tenantId = "";
let deviceId = "";
let consoleErrors: string[];

beforeAll(async () => {
  session = await openWorkersConsoleSession({ name: "notification-rules", redisDb: REDIS_DB, timeout: 30_000 });
  ({ stack, page, consoleErrors } = session);
  db = createDatabaseClients({ appUrl: stack.database.appUrl, systemUrl: stack.database.systemUrl, poolSize: 2 });
  // The stack's Redis database: alarm events go onto the streams the workers consume.
  redis = new Redis(`${process.env.REDIS_URL ?? "redis://127.0.0.1:63790"}/${REDIS_DB}`, { lazyConnect: true });
}, 15 * 60_000);

afterAll(async () => {
  redis?.disconnect();
  await db?.close();
  await session?.close();
});

async function post(path: string, data: unknown) {
  const r = await page.request.post(path, { data, headers: { origin: stack.url } });
  expect(r.status(), await r.text()).toBe(201);
  return (await r.json()) as { id: string };
}

const form = (name: string) => page.getByRole("form", { name });

describe("notification rules and escalation policies in the console", () => {
  it("creates a rule, with a missing choice said beside its field, and switches it off and on", async () => {
    ({ tenantId, deviceId } = await signUpWithDevice(page, stack, {
      email: "rules",
      tenant: "Rules Works",
      device: "Boiler 9",
    }));
    await post("/api/v1/notification-targets", {
      name: "On call",
      type: "PLATFORM_USERS",
      configuration: { users: { type: "TENANT_ADMINS" } },
    });
    await post("/api/v1/notification-targets", {
      name: "Managers",
      type: "PLATFORM_USERS",
      configuration: { users: { type: "ALL" } },
    });
    await post("/api/v1/notification-templates", {
      name: "Alarm raised",
      notificationType: "ALARM",
      channels: { IN_APP: { subject: "${alarmType} on ${deviceName}", body: "${severity}" } },
    });

    await page.goto("/notifications/rules");
    await page.getByText("No rules yet").waitFor();
    await page.getByRole("button", { name: "Add rule" }).click();
    const rule = form("Notification rule");
    await rule.getByLabel("Name").fill("Critical alarms");
    await rule.getByRole("checkbox", { name: "Critical" }).check();
    await rule.getByLabel("Template").selectOption({ label: "Alarm raised" });
    await rule.getByRole("checkbox", { name: "On call" }).check();
    await rule.getByRole("button", { name: "Create rule" }).click();
    // No alarm event ticked: said under the events.
    await rule.getByText("Pick at least one alarm event").waitFor();
    await rule.getByRole("checkbox", { name: "Raised" }).check();
    await rule.getByRole("button", { name: "Create rule" }).click();
    const row = page.getByRole("row").filter({ hasText: "Critical alarms" });
    await row.getByText("raised · Critical").waitFor();
    await screenshot(page, "notification-rules");

    const enabled = row.getByRole("switch", { name: "Critical alarms enabled" });
    expect(await enabled.isChecked()).toBe(true);
    await enabled.uncheck();
    await row.getByText("Off", { exact: true }).waitFor();
    await page.reload();
    expect(await page.getByRole("switch", { name: "Critical alarms enabled" }).isChecked()).toBe(false);
    await page.getByRole("switch", { name: "Critical alarms enabled" }).check();
    await page.getByRole("row").filter({ hasText: "Critical alarms" }).getByText("On", { exact: true }).waitFor();
  });

  it("builds a two-level escalation policy, a level not later than the one before said beside it", async () => {
    await page.getByRole("link", { name: "Escalations", exact: true }).click();
    await page.getByText("No escalation policies yet").waitFor();
    await page.getByRole("button", { name: "Add policy" }).click();
    const policy = form("Escalation policy");
    await policy.getByLabel("Name", { exact: true }).fill("Critical escalation");
    await policy.getByRole("checkbox", { name: "Critical" }).check();
    const first = policy.getByRole("listitem", { name: "Level 1" });
    await first.getByLabel("Minutes after the alarm was raised").fill("0");
    await first.getByRole("checkbox", { name: "On call" }).check();
    await first.getByLabel("Template").selectOption({ label: "Alarm raised" });
    await policy.getByRole("button", { name: "Add level" }).click();
    const second = policy.getByRole("listitem", { name: "Level 2" });
    await second.getByLabel("Minutes after the alarm was raised").fill("0");
    await second.getByRole("checkbox", { name: "Managers" }).check();
    await policy.getByRole("button", { name: "Create policy" }).click();
    await second.getByText("Must be later than level 1 (0 minutes)").waitFor();
    await second.getByLabel("Minutes after the alarm was raised").fill("30");
    await policy.getByRole("button", { name: "Create policy" }).click();
    await page
      .getByRole("row")
      .filter({ hasText: "Critical escalation" })
      .getByText("2 levels: at once → 30 min")
      .waitFor();
    await screenshot(page, "escalation-policies");
  });

  it("shows on the alarm page where its escalation stands and what was sent, until it is acknowledged", async () => {
    const ctx = alarmContext({ db, redis, logger: pino({ level: "silent" }) }, tenantId);
    const { alarm } = await raiseAlarm(ctx, {
      originator: { type: "DEVICE", id: deviceId },
      type: "High temperature",
      severity: "CRITICAL",
      details: { temperature: 97 },
      ts: Date.now(),
    });
    // The rule's notification and the escalation's first level reach the admin's inbox.
    await expect
      .poll(() => page.getByTestId("notification-bell").getAttribute("aria-label"), { timeout: 60_000 })
      .toBe("Notifications, 2 unread");

    await page.goto(`/alarms/${alarm.id}`);
    const panel = page.getByTestId("alarm-escalation");
    await panel.getByText("Critical escalation").waitFor();
    await panel.getByText("Escalating").waitFor();
    await panel.getByText("Level 1 of 2 notified").waitFor();
    const sent = panel.getByRole("list", { name: "Sent by Critical escalation" }).getByRole("listitem");
    await sent.filter({ hasText: "Level 1" }).getByText("sent", { exact: true }).waitFor({ timeout: 60_000 });
    await screenshot(page, "alarm-escalation");

    await page.getByRole("button", { name: "Acknowledge" }).click();
    await page
      .getByRole("dialog", { name: "Acknowledge this alarm" })
      .getByRole("button", { name: "Acknowledge" })
      .click();
    await panel.getByText("Stopped: acknowledged").waitFor({ timeout: 60_000 });
    expect(await sent.count()).toBe(1);
  });

  it("is usable on a phone: rules and policies as cards, the form's fields reachable", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/notifications/rules");
    await page.getByTestId("notification-rule-card").filter({ hasText: "raised · Critical" }).waitFor();
    expect(await page.getByRole("table").isVisible()).toBe(false);
    await page.getByRole("button", { name: "Add rule" }).click();
    const rule = form("Notification rule");
    await rule.getByRole("checkbox", { name: "Acknowledged" }).check();
    expect(await rule.getByRole("button", { name: "Create rule" }).isVisible()).toBe(true);
    await screenshot(page, "notification-rules-phone");
    await page.goto("/notifications/escalations");
    await page.getByTestId("escalation-policy-card").getByText("at once → 30 min").waitFor();
    expect(await page.getByRole("table").isVisible()).toBe(false);
    await page.setViewportSize({ width: 1360, height: 900 });
    expect(consoleErrors).toEqual([]);
  });
});
