import { dashboardConfigSchema } from "@industryos/dashboard-schema";
import { createCustomer, createDevice, createTenant, createUser } from "@industryos/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../src/actor.ts";
import { createRealtimeAuthenticator } from "../src/auth/realtime-authenticator.ts";
import { tenantContext, type TenantContext } from "../src/context.ts";
import { assignDashboardCustomers } from "../src/services/dashboards/assign-dashboard-customers.ts";
import { createDashboard } from "../src/services/dashboards/create-dashboard.ts";
import { publicDashboardGrants } from "../src/auth/public-dashboard-grants.ts";
import { resolvePublicDashboard } from "../src/services/dashboards/dashboard-public-link.ts";
import { deleteDashboard } from "../src/services/dashboards/delete-dashboard.ts";
import { duplicateDashboard } from "../src/services/dashboards/duplicate-dashboard.ts";
import { exportDashboard } from "../src/services/dashboards/export-dashboard.ts";
import { getDashboard } from "../src/services/dashboards/get-dashboard.ts";
import { getPublicDashboard } from "../src/services/dashboards/get-public-dashboard.ts";
import { importDashboard } from "../src/services/dashboards/import-dashboard.ts";
import { listDashboards } from "../src/services/dashboards/list-dashboards.ts";
import { setDashboardPublic } from "../src/services/dashboards/set-dashboard-public.ts";
import { updateDashboard } from "../src/services/dashboards/update-dashboard.ts";
import { startApiHarness, type ApiHarness } from "../src/testing/api-harness.ts";

let h: ApiHarness;
let admin: TenantContext;
let otherTenant: TenantContext;
let deviceId: string;
let customerId: string;
let customerUser: TenantContext;

const actor = (tenantId: string, extra: Omit<Partial<Actor>, "tenantId"> = {}): Actor & { tenantId: string } => ({
  userId: null,
  email: null,
  role: "TENANT_ADMIN",
  customerId: null,
  ...extra,
  tenantId,
});

const chartOn = (id: string) => ({
  version: 1 as const,
  widgets: [
    {
      id: "w1",
      kind: "timeseries" as const,
      title: "Temperature",
      source: { type: "device" as const, deviceId: id },
      keys: [{ key: "temperature", unit: "°C" }],
      chart: "line" as const,
    },
  ],
  layout: [{ i: "w1", x: 0, y: 0, w: 6, h: 4 }],
  timeWindow: { type: "realtime" as const, lastMs: 3_600_000 },
});

/** What `chartOn`'s public link may read: that chart's key, over its last hour, and nothing else. */
const chartGrant = (id: string) => [
  {
    source: { entity: { type: "DEVICE", id } },
    read: { type: "timeseries", keys: ["temperature"], window: { lastMs: 3_600_000 } },
  },
];

beforeAll(async () => {
  h = await startApiHarness();
  const system = h.deps.db.system;
  const tenantA = (await createTenant(system)).id;
  const tenantB = (await createTenant(system)).id;
  admin = tenantContext(h.deps, actor(tenantA));
  otherTenant = tenantContext(h.deps, actor(tenantB));
  deviceId = (await createDevice(system, { tenantId: tenantA })).device.id;
  customerId = (await createCustomer(system, { tenantId: tenantA })).id;
  const user = await createUser(system, { tenantId: tenantA, customerId, role: "CUSTOMER_USER" });
  customerUser = tenantContext(h.deps, actor(tenantA, { userId: user.id, role: "CUSTOMER_USER", customerId }));
});
afterAll(() => h?.close());

describe("dashboard services", () => {
  it("creates, lists, renames, edits and deletes a dashboard", async () => {
    const created = await createDashboard(admin, { title: "Boiler room", configuration: chartOn(deviceId) });
    expect(created.configuration.widgets).toHaveLength(1);
    expect((await listDashboards(admin, { page: 1, pageSize: 20 })).data.map((d) => d.title)).toContain("Boiler room");
    const renamed = await updateDashboard(admin, created.id, { title: "Boiler room 2" });
    expect(renamed.title).toBe("Boiler room 2");
    expect(renamed.configuration).toEqual(chartOn(deviceId));
    await deleteDashboard(admin, created.id);
    await expect(getDashboard(admin, created.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("duplicates, exports and imports the same configuration", async () => {
    const original = await createDashboard(admin, { title: "Line 1", configuration: chartOn(deviceId) });
    const copy = await duplicateDashboard(admin, original.id);
    expect(copy.title).toBe("Line 1 (copy)");
    expect(copy.configuration).toEqual(original.configuration);
    const exported = await exportDashboard(admin, original.id);
    expect(exported).toEqual({ title: "Line 1", configuration: chartOn(deviceId) });
    const imported = await importDashboard(admin, JSON.parse(JSON.stringify(exported)));
    expect(imported.id).not.toBe(original.id);
    expect(imported.configuration).toEqual(original.configuration);
  });

  it("refuses a configuration that names another tenant's device, and malformed ones", async () => {
    await expect(
      createDashboard(otherTenant, { title: "Spy", configuration: chartOn(deviceId) }),
    ).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    const broken = { ...chartOn(deviceId), layout: [{ i: "missing", x: 0, y: 0, w: 1, h: 1 }] };
    expect(dashboardConfigSchema.safeParse(broken).success).toBe(false);
    expect(
      dashboardConfigSchema.safeParse({ ...chartOn(deviceId), widgets: [{ id: "x", kind: "clock", title: "" }] })
        .success,
    ).toBe(false);
  });

  it("keeps other tenants out: their ids are not found", async () => {
    const mine = await createDashboard(admin, { title: "Private" });
    await expect(getDashboard(otherTenant, mine.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(updateDashboard(otherTenant, mine.id, { title: "hijacked" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(deleteDashboard(otherTenant, mine.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(duplicateDashboard(otherTenant, mine.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(assignDashboardCustomers(otherTenant, mine.id, { customerIds: [] })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect((await listDashboards(otherTenant, { page: 1, pageSize: 100 })).data.map((d) => d.id)).not.toContain(
      mine.id,
    );
    expect((await getDashboard(admin, mine.id)).title).toBe("Private");
  });

  it("shares with customers: their users see it read-only, others do not see it", async () => {
    const shared = await createDashboard(admin, { title: "For the customer", configuration: chartOn(deviceId) });
    const hidden = await createDashboard(admin, { title: "Internal" });
    expect((await listDashboards(customerUser, { page: 1, pageSize: 100 })).total).toBe(0);
    const assigned = await assignDashboardCustomers(admin, shared.id, { customerIds: [customerId] });
    expect(assigned.customerIds).toEqual([customerId]);
    const list = await listDashboards(customerUser, { page: 1, pageSize: 100 });
    expect(list.data.map((d) => d.id)).toEqual([shared.id]);
    expect(await getDashboard(customerUser, shared.id)).not.toHaveProperty("customerIds");
    await expect(getDashboard(customerUser, hidden.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(updateDashboard(customerUser, shared.id, { title: "mine now" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(
      assignDashboardCustomers(admin, shared.id, { customerIds: ["00000000-0000-4000-8000-000000000000"] }),
    ).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    await assignDashboardCustomers(admin, shared.id, { customerIds: [] });
    await expect(getDashboard(customerUser, shared.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("makes a public link that shows only the dashboard's sources, and revokes it for good", async () => {
    const withRpc = chartOn(deviceId);
    withRpc.widgets.push({
      id: "r",
      kind: "rpc",
      title: "Reboot",
      source: { type: "device", deviceId },
      control: "button",
      method: "reboot",
      params: "{}",
    } as never);
    withRpc.layout.push({ i: "r", x: 6, y: 0, w: 3, h: 2 });
    const dashboard = await createDashboard(admin, { title: "Public plant", configuration: withRpc });
    const { publicId } = await setDashboardPublic(admin, dashboard.id, true);
    expect(publicId).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect((await setDashboardPublic(admin, dashboard.id, true)).publicId).toBe(publicId);
    const resolved = await resolvePublicDashboard(h.deps.db.system, publicId!);
    expect(resolved).toMatchObject({ tenantId: admin.tenantId, allowedSources: chartGrant(deviceId) });
    expect(resolved!.dashboard.configuration.widgets.map((w) => w.kind)).toEqual(["timeseries"]);
    expect((await getPublicDashboard(h.deps.db.system, publicId!)).title).toBe("Public plant");
    expect((await getDashboard(admin, dashboard.id)).publicId).toBe(publicId);
    expect(await getDashboard(customerUser, dashboard.id).catch((e: { code: string }) => e.code)).toBe("NOT_FOUND");

    await setDashboardPublic(admin, dashboard.id, false);
    expect(await resolvePublicDashboard(h.deps.db.system, publicId!)).toBeNull();
    await expect(getPublicDashboard(h.deps.db.system, publicId!)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await setDashboardPublic(admin, dashboard.id, true)).publicId).not.toBe(publicId);
    await expect(setDashboardPublic(otherTenant, dashboard.id, true)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await resolvePublicDashboard(h.deps.db.system, "short")).toBeNull();
  });

  it("refuses changes through a read-only API key", async () => {
    const readOnly = tenantContext(h.deps, actor(admin.tenantId, { apiKeyId: "k", scopes: ["read"] }));
    await expect(createDashboard(readOnly, { title: "nope" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("dashboard REST routes", () => {
  it("create, export, import, publish and read the public link without signing in", async () => {
    const owner = await h.signup("dash");
    const created = await h.call<{ id: string }>("POST", "/api/v1/dashboards", {
      cookie: owner.cookie,
      body: { title: "Over REST" },
    });
    expect(created.status).toBe(201);
    const invalid = await h.call<{ error: { code: string } }>("POST", "/api/v1/dashboards", {
      cookie: owner.cookie,
      body: { title: "Bad", configuration: { version: 2 } },
    });
    expect(invalid.status).toBe(422);
    const exported = await h.call<{ title: string }>("GET", `/api/v1/dashboards/${created.body.id}/export`, {
      cookie: owner.cookie,
    });
    expect(exported.body.title).toBe("Over REST");
    const imported = await h.call<{ id: string; title: string }>("POST", "/api/v1/dashboards/import", {
      cookie: owner.cookie,
      body: exported.body,
    });
    expect(imported.status).toBe(201);
    const made = await h.call<{ publicId: string }>("PUT", `/api/v1/dashboards/${created.body.id}/public`, {
      cookie: owner.cookie,
      body: { enabled: true },
    });
    const open = await h.call<{ title: string }>("GET", `/api/v1/public/dashboards/${made.body.publicId}`);
    expect(open.status).toBe(200);
    expect(open.body.title).toBe("Over REST");
    expect((await h.call("GET", "/api/v1/public/dashboards/not-a-real-link-id-000000")).status).toBe(404);
    const list = await h.call<{ total: number }>("GET", "/api/v1/dashboards", { cookie: owner.cookie });
    expect(list.body.total).toBe(2);
  });
});

describe("public links on the WebSocket", () => {
  it("authenticate as the dashboard's tenant, limited to what it shows, until revoked", async () => {
    const authenticate = createRealtimeAuthenticator(h.deps);
    const dashboard = await createDashboard(admin, { title: "Lobby screen", configuration: chartOn(deviceId) });
    const { publicId } = await setDashboardPublic(admin, dashboard.id, true);
    expect(await authenticate({ kind: "publicDashboard", publicId: publicId! })).toEqual({
      tenantId: admin.tenantId,
      scopes: ["read"],
      allowedSources: chartGrant(deviceId),
      credentials: [{ kind: "dashboard", id: dashboard.id }],
    });
    await setDashboardPublic(admin, dashboard.id, false);
    expect(await authenticate({ kind: "publicDashboard", publicId: publicId! })).toBeNull();
  });
});

describe("what a public link may read", () => {
  it("is each widget's own subscription: its source, kind of data, attribute scope, keys and time window", async () => {
    const profileId = "00000000-0000-4000-8000-0000000000b1";
    const config = {
      version: 1 as const,
      widgets: [
        {
          id: "v",
          kind: "value" as const,
          title: "Now",
          source: { type: "device" as const, deviceId },
          keys: [{ key: "temperature" }, { key: "humidity" }],
          thresholds: [],
        },
        {
          id: "g",
          kind: "gauge" as const,
          title: "Pressure",
          source: { type: "devicesOfProfile" as const, deviceProfileId: profileId },
          keys: [{ key: "pressure" }, { key: "unused" }],
          min: 0,
          max: 10,
          thresholds: [],
        },
        {
          id: "a",
          kind: "attributes" as const,
          title: "Firmware",
          source: { type: "device" as const, deviceId },
          scope: "CLIENT" as const,
          keys: [{ key: "firmware" }],
        },
        {
          id: "all",
          kind: "attributes" as const,
          title: "Shared settings",
          source: { type: "device" as const, deviceId },
          scope: "SHARED" as const,
          keys: [],
        },
        {
          id: "unset",
          kind: "value" as const,
          title: "Not set up",
          source: { type: "device" as const, deviceId: "" },
          keys: [{ key: "x" }],
          thresholds: [],
        },
        { id: "m", kind: "markdown" as const, title: "Note", text: "hello" },
      ],
      layout: [],
      timeWindow: { type: "fixed" as const, from: 1_000, to: 2_000 },
    };
    const chart = { ...chartOn(deviceId).widgets[0]!, id: "c" };
    config.widgets.push(chart as never);
    const parsed = dashboardConfigSchema.parse(config);
    expect(publicDashboardGrants(parsed)).toEqual([
      {
        source: { entity: { type: "DEVICE", id: deviceId } },
        read: { type: "latest", keys: ["temperature", "humidity"] },
      },
      {
        source: { query: { type: "devicesOfProfile", deviceProfileId: profileId } },
        read: { type: "latest", keys: ["pressure"] },
      },
      {
        source: { entity: { type: "DEVICE", id: deviceId } },
        read: { type: "attributes", scope: "CLIENT", keys: ["firmware"] },
      },
      { source: { entity: { type: "DEVICE", id: deviceId } }, read: { type: "attributes", scope: "SHARED" } },
      {
        source: { entity: { type: "DEVICE", id: deviceId } },
        read: { type: "timeseries", keys: ["temperature"], window: { from: 1_000, to: 2_000 } },
      },
    ]);
  });
});
