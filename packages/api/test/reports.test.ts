import { freePort } from "@industryos/devstack";
import { lazyTemporalClient } from "@industryos/temporal-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiHarness, type ApiHarness } from "../src/testing/api-harness.ts";

/**
 * Report schedules' validation, and what a user sees while Temporal is down: nothing is saved half-way. The
 * runs themselves (CSV, email, Temporal schedules) are tested with a worker in apps/workers/test/reports.test.ts.
 */
let h: ApiHarness;
let admin: { cookie: string; tenantId: string };
let dashboardId: string;
let otherTenantDashboardId: string;

const valid = () => ({
  name: "Daily plant report",
  dashboardId,
  frequency: "DAILY" as const,
  timeOfDay: "07:00",
  timeZone: "Europe/Berlin",
  recipients: ["ops@example.test"],
});

type ErrorBody = { error: { code: string; message: string; details?: Array<{ path: string[]; message: string }> } };

beforeAll(async () => {
  // A port nothing listens on: Temporal is down for this whole file.
  const temporal = lazyTemporalClient({
    address: `127.0.0.1:${await freePort()}`,
    namespace: "default",
    taskQueue: "q",
  });
  h = await startApiHarness({ temporal });
  admin = await h.signup("reports");
  const other = await h.signup("other");
  const dashboard = async (cookie: string) =>
    (await h.call<{ id: string }>("POST", "/api/v1/dashboards", { cookie, body: { title: "Plant" } })).body.id;
  dashboardId = await dashboard(admin.cookie);
  otherTenantDashboardId = await dashboard(other.cookie);
});

afterAll(async () => {
  await h?.close();
});

describe("report schedule validation", () => {
  const invalid: Array<[string, Record<string, unknown>, string]> = [
    ["an unknown time zone", { timeZone: "Europe/Atlantis" }, "timeZone"],
    ["an offset instead of a zone", { timeZone: "+01:00" }, "timeZone"],
    ["a time without its leading zero", { timeOfDay: "7:00" }, "timeOfDay"],
    ["a time past midnight", { timeOfDay: "24:00" }, "timeOfDay"],
    ["a weekly report without its day", { frequency: "WEEKLY" }, "dayOfWeek"],
    ["a day of week out of range", { frequency: "WEEKLY", dayOfWeek: 7 }, "dayOfWeek"],
    ["a recipient that is no email address", { recipients: ["ops at example"] }, "recipients.0"],
    ["no recipients", { recipients: [] }, "recipients"],
    ["another tenant's dashboard", { dashboardId: "OTHER" }, "dashboardId"],
  ];

  it.each(invalid)("refuses %s with 422 naming the field", async (_, change, field) => {
    const body = { ...valid(), ...change };
    if (body.dashboardId === "OTHER") body.dashboardId = otherTenantDashboardId;
    const res = await h.call<ErrorBody>("POST", "/api/v1/report-schedules", { cookie: admin.cookie, body });
    expect(res.status).toBe(422);
    expect(res.body.error.details?.map((d) => d.path.join("."))).toContain(field);
  });

  it("refuses a PATCH to WEEKLY without a day, checked against the stored row", async () => {
    const row = await h.deps.db.forTenant(admin.tenantId).reportSchedule.create({
      data: { ...valid(), tenantId: admin.tenantId, name: "Stored daily", frequency: "DAILY" },
    });
    const res = await h.call<ErrorBody>("PATCH", `/api/v1/report-schedules/${row.id}`, {
      cookie: admin.cookie,
      body: { frequency: "WEEKLY" },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.message).toMatch(/dayOfWeek/);
  });
});

// Each call waits for the Temporal SDK's connection attempt to give up (about 10 s).
describe("while Temporal is down", { timeout: 60_000 }, () => {
  it("answers 503 to a new schedule and saves nothing", async () => {
    const res = await h.call<ErrorBody>("POST", "/api/v1/report-schedules", {
      cookie: admin.cookie,
      body: { ...valid(), name: "Never saved" },
    });
    expect(res.status).toBe(503);
    expect(res.body.error.message).toMatch(/not saved/);
    const list = await h.call<{ data: Array<{ name: string }> }>("GET", "/api/v1/report-schedules", {
      cookie: admin.cookie,
    });
    expect(list.body.data.map((s) => s.name)).not.toContain("Never saved");
  });

  it("keeps a schedule whose change Temporal did not take as it was", async () => {
    const row = await h.deps.db.forTenant(admin.tenantId).reportSchedule.create({
      data: { ...valid(), tenantId: admin.tenantId, name: "Unchanged" },
    });
    const res = await h.call("PATCH", `/api/v1/report-schedules/${row.id}`, {
      cookie: admin.cookie,
      body: { timeOfDay: "09:15" },
    });
    expect(res.status).toBe(503);
    const after = await h.call<{ timeOfDay: string; nextRunAt: string | null }>(
      "GET",
      `/api/v1/report-schedules/${row.id}`,
      { cookie: admin.cookie },
    );
    expect(after.body).toMatchObject({ timeOfDay: "07:00", nextRunAt: null });
    expect((await h.call("DELETE", `/api/v1/report-schedules/${row.id}`, { cookie: admin.cookie })).status).toBe(503);
  });

  it("records a run-now that Temporal could not take as failed, and says so", async () => {
    const row = await h.deps.db.forTenant(admin.tenantId).reportSchedule.create({
      data: { ...valid(), tenantId: admin.tenantId, name: "Run me" },
    });
    const res = await h.call<ErrorBody>("POST", `/api/v1/report-schedules/${row.id}/run`, { cookie: admin.cookie });
    expect(res.status).toBe(503);
    const runs = await h.call<{ data: Array<{ status: string; trigger: string; error: string }>; total: number }>(
      "GET",
      `/api/v1/report-schedules/${row.id}/runs`,
      { cookie: admin.cookie },
    );
    expect(runs.body.total).toBe(1);
    expect(runs.body.data[0]).toMatchObject({ status: "FAILED", trigger: "MANUAL" });
    expect(runs.body.data[0]!.error).toMatch(/Temporal/);
  });
});
