import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeviceFilterView } from "../src/services/device-filters/schemas.ts";
import { startApiHarness, type ApiHarness, type CallOptions } from "../src/testing/api-harness.ts";

interface ErrorBody {
  error: { code: string; message: string; details?: { path: string[]; message: string }[] };
}
interface Page<T> {
  data: T[];
  total: number;
}

let h: ApiHarness;
let admin: { cookie: string; tenantId: string };
let other: { cookie: string; tenantId: string };
let profileId: string;
let customerId: string;

const call = <T = unknown>(method: string, path: string, options: CallOptions = {}) =>
  h.call<T>(method, `/api/v1${path}`, { cookie: admin.cookie, ...options });
const post = async (path: string, body: unknown) => {
  const r = await call<{ id: string }>("POST", path, { body });
  if (r.status !== 201) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.id;
};

beforeAll(async () => {
  h = await startApiHarness();
  admin = await h.signup("device-filters");
  other = await h.signup("device-filters-other");
  profileId = await post("/device-profiles", { name: "Boilers" });
  customerId = await post("/customers", { title: "ACME" });
  // Boiler 1 and 2 are ACME's, of the Boilers profile; a pump of the profile; an unrelated meter.
  await post("/devices", { name: "Boiler 1", type: "boiler", profileId, customerId });
  await post("/devices", { name: "Boiler 2", type: "boiler", profileId, customerId });
  await post("/devices", { name: "Pump 1", type: "pump", profileId, customerId });
  await post("/devices", { name: "Meter", type: "meter", label: "boiler room" });
});
afterAll(async () => h?.close());

describe("saved device filters", () => {
  it("creates, reads, lists with search and paging, updates and deletes a filter", async () => {
    const created = await call<DeviceFilterView>("POST", "/device-filters", {
      body: { name: "  ACME boilers ", criteria: { deviceProfileId: profileId, customerId, type: "boiler" } },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      name: "ACME boilers",
      criteria: { deviceProfileId: profileId, customerId, type: "boiler" },
    });
    const id = created.body.id;
    expect((await call("GET", `/device-filters/${id}`)).body).toEqual(created.body);
    await post("/device-filters", { name: "Everything", criteria: {} });

    const all = await call<Page<DeviceFilterView>>("GET", "/device-filters");
    expect(all.body).toMatchObject({ total: 2, page: 1, pageSize: 20 });
    expect(all.body.data.map((f) => f.name)).toEqual(["ACME boilers", "Everything"]);
    const searched = await call<Page<DeviceFilterView>>("GET", "/device-filters?search=acme");
    expect(searched.body.data.map((f) => f.id)).toEqual([id]);
    const second = await call<Page<DeviceFilterView>>("GET", "/device-filters?page=2&pageSize=1");
    expect(second.body).toMatchObject({ total: 2, data: [{ name: "Everything" }] });

    const updated = await call<DeviceFilterView>("PATCH", `/device-filters/${id}`, {
      body: { criteria: { search: "BOILER" } },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: "ACME boilers", criteria: { search: "BOILER" } });

    expect((await call("DELETE", `/device-filters/${id}`)).status).toBe(204);
    expect((await call("GET", `/device-filters/${id}`)).status).toBe(404);
  });

  it("shows the devices it matches now, as the devices list filters them", async () => {
    const id = await post("/device-filters", { name: "Boiler search", criteria: { search: "boiler" } });
    const matched = await call<Page<{ name: string }>>("GET", `/device-filters/${id}/devices`);
    expect(matched.status).toBe(200);
    // The meter matches by its label, as on the devices list.
    expect(matched.body.data.map((d) => d.name)).toEqual(["Boiler 1", "Boiler 2", "Meter"]);
    expect(matched.body.total).toBe(3);
    const listed = await call<Page<unknown>>("GET", "/devices?search=boiler");
    expect(listed.body.total).toBe(matched.body.total);

    const narrow = await post("/device-filters", { name: "ACME pumps", criteria: { customerId, type: "pump" } });
    const page = await call<Page<{ name: string }>>("GET", `/device-filters/${narrow}/devices?pageSize=1`);
    expect(page.body).toMatchObject({ total: 1, data: [{ name: "Pump 1" }] });
    // Evaluated when asked: a new pump of ACME is matched at once.
    await post("/devices", { name: "Pump 2", type: "pump", customerId });
    expect((await call<Page<unknown>>("GET", `/device-filters/${narrow}/devices`)).body.total).toBe(2);
  });

  it("refuses invalid filters with the field and the reason", async () => {
    const refused = async (body: unknown) => {
      const r = await call<ErrorBody>("POST", "/device-filters", { body });
      expect(r.status, JSON.stringify(r.body)).toBe(422);
      return r.body.error.details!.map((d) => [d.path.join("."), d.message]);
    };
    expect(await refused({ name: " ", criteria: {} })).toEqual([["name", "Name the filter"]]);
    expect(await refused({ name: "Typo", criteria: { colour: "red" } })).toEqual([
      ["criteria", expect.stringMatching(/colour/)],
    ]);
    expect(await refused({ name: "Bad id", criteria: { customerId: "not-a-uuid" } })).toEqual([
      ["criteria.customerId", "must be a UUID"],
    ]);
    // Another tenant's profile is just an unknown one.
    const theirs = (
      await h.call<{ id: string }>("POST", "/api/v1/device-profiles", { cookie: other.cookie, body: { name: "P" } })
    ).body.id;
    expect(await refused({ name: "Theirs", criteria: { deviceProfileId: theirs } })).toEqual([
      ["criteria.deviceProfileId", "No such device profile"],
    ]);

    await post("/device-filters", { name: "Twice", criteria: {} });
    const twice = await call<ErrorBody>("POST", "/device-filters", { body: { name: "Twice", criteria: {} } });
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toBe('A device filter named "Twice" already exists');
  });

  it("is the tenant's own: another tenant gets 404 and does not see it in its list", async () => {
    const id = await post("/device-filters", { name: "Private", criteria: { customerId } });
    const as = (cookie: string) => ({ cookie });
    for (const [method, path, body] of [
      ["GET", `/device-filters/${id}`],
      ["GET", `/device-filters/${id}/devices`],
      ["PATCH", `/device-filters/${id}`, { name: "Mine now" }],
      ["DELETE", `/device-filters/${id}`],
    ] as const)
      expect((await call(method, path, { ...as(other.cookie), body })).status, `${method} ${path}`).toBe(404);
    expect((await call<Page<unknown>>("GET", "/device-filters", as(other.cookie))).body.total).toBe(0);
    expect((await call<DeviceFilterView>("GET", `/device-filters/${id}`)).body.name).toBe("Private");
  });

  it("is served over tRPC by the same operations", async () => {
    const created = await h.call<{ result: { data: DeviceFilterView } }>("POST", "/api/trpc/deviceFilters.create", {
      cookie: admin.cookie,
      body: { body: { name: "Over tRPC", criteria: { type: "pump" } } },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const input = encodeURIComponent(JSON.stringify({ id: created.body.result.data.id, pageSize: 10 }));
    const devices = await h.call<{ result: { data: Page<{ name: string }> } }>(
      "GET",
      `/api/trpc/deviceFilters.devices?input=${input}`,
      { cookie: admin.cookie },
    );
    expect(devices.body.result.data.data.map((d) => d.name)).toEqual(["Pump 1", "Pump 2"]);
    const theirs = await h.call("GET", `/api/trpc/deviceFilters.get?input=${input}`, { cookie: other.cookie });
    expect(theirs.status).toBe(404);
  });
});
