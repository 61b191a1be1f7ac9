import { randomUUID } from "node:crypto";
import { createUser } from "@industryos/db";
import {
  announceLiveWatchChange,
  liveDeviceChannel,
  partitionOf,
  readRuleEngineEntry,
  ruleEngineStream,
} from "@industryos/device-protocol";
import { decodeLiveUpdate, type LiveUpdate } from "@industryos/realtime";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiHarness, type ApiHarness } from "../src/testing/api-harness.ts";

/**
 * Telemetry and attributes of every entity type through the same operations: an integrator
 * pushes telemetry over REST with an API key (the device API's three payload forms), reads it
 * back, finds it on the rule-engine stream and deletes a range.
 */
let h: ApiHarness;
let apiKey: string;
let readOnlyKey: string;
let tenantId: string;
const ids: Record<string, string> = {};
let customerUserCookie: string;
let otherCustomerId: string;
let customerAssetId: string;

type Latest = Record<string, { ts: number; value: unknown }>;
type History = Record<string, { ts: number; value: unknown }[]>;
type StreamMessage = {
  type: string;
  tenantId: string;
  deviceId?: string;
  entityType?: string;
  entityId?: string;
  receivedAt: number;
  points?: { ts: number; key: string; type: string; value: unknown }[];
};

const t0 = Date.UTC(2026, 0, 1, 12, 0, 0);

async function streamMessagesOf(entityId: string): Promise<StreamMessage[]> {
  const out: StreamMessage[] = [];
  for (const [, fields] of await h.deps.redis.xrange(ruleEngineStream(partitionOf(entityId)), "-", "+"))
    for (const message of readRuleEngineEntry(fields) as StreamMessage[])
      if ((message.entityId ?? message.deviceId) === entityId) out.push(message);
  return out;
}

beforeAll(async () => {
  h = await startApiHarness();
  const admin = await h.signup("entity-telemetry");
  tenantId = admin.tenantId;
  const createKey = async (body: object) =>
    (await h.call<{ key: string }>("POST", "/api/v1/api-keys", { cookie: admin.cookie, body })).body.key;
  apiKey = await createKey({ name: "integrator" });
  readOnlyKey = await createKey({ name: "reader", scopes: ["read"] });
  const post = async (path: string, body: unknown) => {
    const r = await h.call<{ id: string }>("POST", path, { apiKey, body });
    if (r.status !== 201) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.id;
  };
  ids.customers = await post("/api/v1/customers", { title: "Acme" });
  otherCustomerId = await post("/api/v1/customers", { title: "Someone else" });
  ids.assets = await post("/api/v1/assets", { name: "Boiler room" });
  customerAssetId = await post("/api/v1/assets", { name: "Acme's pump", customerId: ids.customers });
  ids.devices = await post("/api/v1/devices", { name: "Meter" });
  ids.tenants = tenantId;
  const viewer = await createUser(h.deps.db.system, {
    tenantId,
    customerId: ids.customers,
    role: "CUSTOMER_USER",
    password: "viewer password 1",
  });
  customerUserCookie = (
    await h.call("POST", "/api/v1/auth/login", { body: { email: viewer.email, password: "viewer password 1" } })
  ).sessionCookie!;
});
afterAll(async () => h?.close());

describe.each([
  ["assets", "ASSET"],
  ["customers", "CUSTOMER"],
  ["tenants", "TENANT"],
])("telemetry of %s over REST", (type, entityType) => {
  const url = (suffix = "") => `/api/v1/${type}/${ids[type]}/telemetry${suffix}`;
  let pushedAt: number;

  it("stores all three payload forms and answers what it stored", async () => {
    const flat = await h.call("POST", url(), { apiKey, body: { temperature: 21.5, status: "ok" } });
    expect(flat.status, JSON.stringify(flat.body)).toBe(200);
    expect(flat.body).toEqual({ points: 2, keys: ["temperature", "status"] });
    pushedAt = Date.now();

    const stamped = await h.call("POST", url(), { apiKey, body: { ts: t0, values: { temperature: 20 } } });
    expect(stamped.body).toEqual({ points: 1, keys: ["temperature"] });

    const array = await h.call("POST", url(), {
      apiKey,
      body: [
        { ts: t0 + 1_000, values: { temperature: 20.5, on: true } },
        { ts: t0 + 2_000, values: { humidity: 40, config: { mode: "eco" } } },
      ],
    });
    expect(array.body).toEqual({ points: 4, keys: ["temperature", "on", "humidity", "config"] });
  });

  it("reads it back: latest, keys and history", async () => {
    const latest = await h.call<Latest>("GET", url("/latest"), { apiKey });
    expect(latest.status).toBe(200);
    expect(latest.body.temperature!.value).toBe(21.5);
    expect(latest.body.temperature!.ts).toBeGreaterThan(t0 + 2_000);
    expect(latest.body.temperature!.ts).toBeLessThanOrEqual(pushedAt);
    expect(latest.body.status!.value).toBe("ok");
    expect(latest.body.humidity).toEqual({ ts: t0 + 2_000, value: 40 });
    expect(latest.body.config).toEqual({ ts: t0 + 2_000, value: { mode: "eco" } });

    const keys = await h.call<string[]>("GET", url("/keys"), { apiKey });
    expect(keys.body.sort()).toEqual(["config", "humidity", "on", "status", "temperature"]);

    const history = await h.call<History>("GET", url(`?keys=temperature,on&from=${t0}&to=${t0 + 10_000}&order=asc`), {
      apiKey,
    });
    expect(history.body).toEqual({
      temperature: [
        { ts: t0, value: 20 },
        { ts: t0 + 1_000, value: 20.5 },
      ],
      on: [{ ts: t0 + 1_000, value: true }],
    });
  });

  it("puts each push on the rule-engine stream, naming the entity", async () => {
    const messages = await streamMessagesOf(ids[type]!);
    expect(messages).toHaveLength(3);
    for (const message of messages) {
      expect(message).toMatchObject({ type: "POST_TELEMETRY_REQUEST", tenantId, entityType, entityId: ids[type] });
      expect(message.deviceId).toBeUndefined();
    }
    expect(messages[1]!.points).toEqual([{ ts: t0, key: "temperature", type: "LONG", value: 20 }]);
    expect(messages[2]!.points).toHaveLength(4);
  });

  it("deletes a key's range, and the latest value with it when it falls in the range", async () => {
    const deleted = await h.call("DELETE", url(`?keys=temperature&from=${t0}&to=${t0 + 1_500}`), { apiKey });
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(200);
    expect(deleted.body).toEqual({ deleted: 2 });
    const history = await h.call<History>("GET", url(`?keys=temperature&from=${t0}&to=${t0 + 10_000}`), { apiKey });
    expect(history.body.temperature).toEqual([]);
    // The newest temperature was outside the range: still the latest value.
    expect((await h.call<Latest>("GET", url("/latest?keys=temperature"), { apiKey })).body.temperature!.value).toBe(
      21.5,
    );

    const status = await h.call("DELETE", url(`?keys=status&from=${pushedAt - 60_000}&to=${pushedAt + 60_000}`), {
      apiKey,
    });
    expect(status.body).toEqual({ deleted: 1 });
    const latest = await h.call<Latest>("GET", url("/latest"), { apiKey });
    expect(latest.body.status).toBeUndefined();
    expect(Object.keys(latest.body).sort()).toEqual(["config", "humidity", "on", "temperature"]);
  });
});

describe("pushing telemetry", () => {
  it("refuses what the device API refuses, storing nothing", async () => {
    const url = `/api/v1/assets/${ids.assets}/telemetry`;
    for (const body of [{ ts: "yesterday", values: { a: 1 } }, { ts: t0, values: 5 }, [{ a: 1 }, 7], { a: null }]) {
      const result = await h.call<{ error: { code: string; message: string } }>("POST", url, { apiKey, body });
      expect(result.status, JSON.stringify(body)).toBe(422);
      expect(result.body.error.code).toBe("VALIDATION_FAILED");
    }
    const notJson = await h.call("POST", url, { apiKey, body: "42" });
    expect(notJson.status).toBe(422);
    const future = await h.call<{ error: { message: string } }>("POST", url, {
      apiKey,
      body: { ts: Date.now() + 3 * 86_400_000, values: { a: 1 } },
    });
    expect(future.status).toBe(422);
    expect(future.body.error.message).toMatch(/future/);
    const keys = await h.call<string[]>("GET", `${url}/keys`, { apiKey });
    expect(keys.body).not.toContain("a");
  });

  it("needs a tenant administrator or a key with the write scope", async () => {
    const url = `/api/v1/assets/${ids.assets}/telemetry`;
    expect((await h.call("POST", url, { apiKey: readOnlyKey, body: { a: 1 } })).status).toBe(403);
    expect((await h.call("DELETE", `${url}?keys=a&from=0&to=${Date.now()}`, { apiKey: readOnlyKey })).status).toBe(403);
    expect((await h.call("POST", url, { cookie: customerUserCookie, body: { a: 1 } })).status).toBe(403);
    expect((await h.call("GET", `${url}/latest`, { apiKey: readOnlyKey })).status).toBe(200);
  });

  it("answers 404 for another tenant's id, an unknown entity type or a missing range", async () => {
    expect((await h.call("GET", `/api/v1/tenants/${randomUUID()}/telemetry/latest`, { apiKey })).status).toBe(404);
    expect((await h.call("POST", `/api/v1/assets/${randomUUID()}/telemetry`, { apiKey, body: { a: 1 } })).status).toBe(
      404,
    );
    expect((await h.call("GET", `/api/v1/widgets/${ids.assets}/telemetry/latest`, { apiKey })).status).toBe(404);
    // An asset's id is not a device's.
    expect((await h.call("GET", `/api/v1/devices/${ids.assets}/telemetry/latest`, { apiKey })).status).toBe(404);
    expect((await h.call("DELETE", `/api/v1/assets/${ids.assets}/telemetry?keys=a`, { apiKey })).status).toBe(400);
  });

  it("gives a device's pushed telemetry to the rule engine and live dashboards as ingest would", async () => {
    const subscriber = new Redis(process.env.REDIS_URL!);
    const updates: LiveUpdate[] = [];
    subscriber.on("message", (_channel: string, text: string) => {
      const update = decodeLiveUpdate(text);
      if (update) updates.push(update);
    });
    // As packages/realtime's LiveBus does: subscribe, then announce, so publishers see the channel.
    await subscriber.subscribe(liveDeviceChannel(tenantId, ids.devices!));
    await announceLiveWatchChange(h.deps.redis);
    try {
      const pushed = await h.call("POST", `/api/v1/devices/${ids.devices}/telemetry`, {
        apiKey,
        body: { ts: t0, values: { temperature: 19.5 } },
      });
      expect(pushed.body).toEqual({ points: 1, keys: ["temperature"] });
      await expect
        .poll(() => updates[0])
        .toEqual({
          kind: "telemetry",
          tenantId,
          deviceId: ids.devices,
          points: [{ key: "temperature", ts: t0, value: 19.5 }],
        });
      const [message] = await streamMessagesOf(ids.devices!);
      expect(message).toMatchObject({ type: "POST_TELEMETRY_REQUEST", tenantId, deviceId: ids.devices });
      expect(message!.entityType).toBeUndefined();
      const latest = await h.call<Latest>("GET", `/api/v1/devices/${ids.devices}/telemetry/latest`, { apiKey });
      expect(latest.body.temperature).toEqual({ ts: t0, value: 19.5 });
    } finally {
      subscriber.disconnect();
    }
  });
});

describe("attributes of an asset", () => {
  const url = (scope = "") => `/api/v1/assets/${ids.assets}/attributes${scope}`;

  it("saves, lists and deletes SERVER attributes, audited as the asset's", async () => {
    const saved = await h.call<{ key: string; value: unknown; scope: string }[]>("POST", url("/SERVER"), {
      apiKey,
      body: { floor: 3, label: "north" },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.map((a) => [a.key, a.value, a.scope])).toEqual([
      ["floor", 3, "SERVER"],
      ["label", "north", "SERVER"],
    ]);
    const listed = await h.call<{ key: string }[]>("GET", url("?scope=SERVER"), { apiKey });
    expect(listed.body.map((a) => a.key)).toEqual(["floor", "label"]);
    // The device has no attributes of the asset's.
    const device = await h.call<unknown[]>("GET", `/api/v1/devices/${ids.devices}/attributes`, { apiKey });
    expect(device.body).toEqual([]);

    expect((await h.call("DELETE", url("/SERVER?keys=label"), { apiKey })).status).toBe(204);
    expect((await h.call<{ key: string }[]>("GET", url(), { apiKey })).body.map((a) => a.key)).toEqual(["floor"]);

    const audit = await h.call<{ data: { actionType: string; entityType: string; entityName: string }[] }>(
      "GET",
      `/api/v1/audit-logs?entityId=${ids.assets}`,
      { apiKey },
    );
    const actions = audit.body.data.map((e) => [e.actionType, e.entityType, e.entityName]);
    expect(actions).toContainEqual(["ATTRIBUTES_UPDATED", "ASSET", "Boiler room"]);
    expect(actions).toContainEqual(["ATTRIBUTES_DELETED", "ASSET", "Boiler room"]);
    expect(actions).toContainEqual(["TIMESERIES_DELETED", "ASSET", "Boiler room"]);
  });

  it("refuses SHARED attributes: only devices have them", async () => {
    const saved = await h.call<{ error: { code: string; message: string } }>("POST", url("/SHARED"), {
      apiKey,
      body: { floor: 4 },
    });
    expect(saved.status).toBe(422);
    expect(saved.body.error.message).toMatch(/Only devices have SHARED attributes/);
    expect((await h.call("DELETE", url("/SHARED?keys=floor"), { apiKey })).status).toBe(422);
    expect((await h.call<unknown[]>("GET", url("?scope=SHARED"), { apiKey })).body).toEqual([]);
  });

  it("works for the tenant and a customer too, over tRPC as well", async () => {
    const tenant = await h.call("POST", `/api/v1/tenants/${tenantId}/attributes/SERVER`, {
      apiKey,
      body: { region: "eu" },
    });
    expect(tenant.status).toBe(200);
    const viaTrpc = await h.call<{ result: { data: { key: string; value: unknown }[] } }>(
      "POST",
      "/api/trpc/attributes.save",
      { apiKey, body: { entityType: "customers", id: ids.customers, scope: "SERVER", body: { tier: "gold" } } },
    );
    expect(viaTrpc.status, JSON.stringify(viaTrpc.body)).toBe(200);
    expect(viaTrpc.body.result.data).toMatchObject([{ key: "tier", value: "gold" }]);
  });
});

describe("over tRPC", () => {
  it("saves and deletes telemetry, and means a device when entityType is left out", async () => {
    const saved = await h.call<{ result: { data: unknown } }>("POST", "/api/trpc/telemetry.save", {
      apiKey,
      body: { entityType: "assets", id: ids.assets, body: { ts: t0 + 5_000, values: { pressure: 1.2 } } },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.result.data).toEqual({ points: 1, keys: ["pressure"] });
    const input = encodeURIComponent(JSON.stringify({ entityType: "assets", id: ids.assets, keys: "pressure" }));
    const latest = await h.call<{ result: { data: Latest } }>("GET", `/api/trpc/telemetry.latest?input=${input}`, {
      apiKey,
    });
    expect(latest.body.result.data).toEqual({ pressure: { ts: t0 + 5_000, value: 1.2 } });
    const deleted = await h.call<{ result: { data: unknown } }>("POST", "/api/trpc/telemetry.delete", {
      apiKey,
      body: { entityType: "assets", id: ids.assets, keys: "pressure", from: t0, to: t0 + 10_000 },
    });
    expect(deleted.body.result.data).toEqual({ deleted: 1 });

    // The console's calls as they are today: `{ id }` alone is a device.
    const device = encodeURIComponent(JSON.stringify({ id: ids.devices }));
    const deviceLatest = await h.call<{ result: { data: Latest } }>(
      "GET",
      `/api/trpc/telemetry.latest?input=${device}`,
      { apiKey },
    );
    expect(deviceLatest.status).toBe(200);
    expect(deviceLatest.body.result.data.temperature).toEqual({ ts: t0, value: 19.5 });
  });
});

describe("a customer user", () => {
  const get = (path: string) => h.call<Latest>("GET", path, { cookie: customerUserCookie });

  it("cannot read the tenant's telemetry or attributes", async () => {
    expect((await get(`/api/v1/tenants/${tenantId}/telemetry/latest`)).status).toBe(404);
    expect((await get(`/api/v1/tenants/${tenantId}/telemetry/keys`)).status).toBe(404);
    expect((await get(`/api/v1/tenants/${tenantId}/attributes`)).status).toBe(404);
  });

  it("reads its own customer and its customer's assets only", async () => {
    const own = await get(`/api/v1/customers/${ids.customers}/telemetry/latest`);
    expect(own.status).toBe(200);
    expect(own.body.temperature!.value).toBe(21.5);
    expect((await get(`/api/v1/customers/${otherCustomerId}/telemetry/latest`)).status).toBe(404);
    expect((await get(`/api/v1/assets/${ids.assets}/telemetry/latest`)).status).toBe(404);
    expect((await get(`/api/v1/assets/${customerAssetId}/telemetry/latest`)).status).toBe(200);
    expect((await get(`/api/v1/devices/${ids.devices}/telemetry/latest`)).status).toBe(404);
  });
});
