import { createDatabaseClients } from "@industryos/db";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openConsoleSession, type ConsoleSession } from "./support/console-session.ts";
import { signUpWithDevice } from "./support/tenant.ts";

// Issue 22's per-tenant retention within the system administrator's limit, as the tenant sees it: the limit beside
// its setting, and a retention above it refused beside the field, in words.
vi.setConfig({ testTimeout: 120_000 });

let session: ConsoleSession;
let page: Page;
let consoleErrors: string[];

beforeAll(async () => {
  session = await openConsoleSession({ timeout: 30_000 });
  ({ page, consoleErrors } = session);
}, 15 * 60_000);

afterAll(async () => {
  await session?.close();
});

describe("telemetry retention within the system administrator's limit", () => {
  it("shows the tenant's limit beside its setting and refuses more beside the field", async () => {
    const { tenantId } = await signUpWithDevice(page, session.stack, {
      email: "limit",
      tenant: "Limited Works",
      device: "Probe",
    });
    // What PATCH /admin/tenants/{id} {limits: {maxRetentionDays: 60}} writes (system-admin API tests cover the call).
    const db = createDatabaseClients({
      appUrl: session.stack.database.appUrl,
      systemUrl: session.stack.database.systemUrl,
      poolSize: 1,
    });
    try {
      await db.system.tenant.update({
        where: { id: tenantId },
        data: { settings: { limits: { maxRetentionDays: 60 } } },
      });
    } finally {
      await db.close();
    }
    await page.goto("/settings");
    await page.getByText("At most 60 days, the limit your system administrator set, for every key.").waitFor();
    const field = page.getByLabel("Keep telemetry for (days)");
    await field.fill("61");
    await page.getByRole("button", { name: "Save retention" }).click();
    await page.getByText("At most 60 days (the limit your system administrator set)").first().waitFor();
    await field.fill("60");
    await page.getByRole("button", { name: "Save retention" }).click();
    await page.getByText("Saved.").waitFor();
    const saved = (await (await page.request.get("/api/v1/tenant/telemetry-retention")).json()) as object;
    expect(saved).toMatchObject({ days: 60, tenantMaxDays: 60 });
    expect(consoleErrors).toEqual([]);
  });
});
