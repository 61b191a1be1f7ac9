import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticate } from "../src/auth/authenticate.ts";
import { appRouter } from "../src/root.ts";
import { startApiHarness, type ApiHarness } from "../src/testing/api-harness.ts";
import { createCallerFactory } from "../src/trpc.ts";

/** The same cross-tenant rule through tRPC's createCaller: tenant B gets NOT_FOUND for A's ids. */
let h: ApiHarness;
const callerOf = createCallerFactory(appRouter);
let b: ReturnType<typeof callerOf>;
const a: Record<string, string> = {};

beforeAll(async () => {
  h = await startApiHarness();
  const adminA = await h.signup("ta");
  const adminB = await h.signup("tb");
  const post = async (path: string, body: unknown) =>
    (await h.call<{ id: string }>("POST", path, { cookie: adminA.cookie, body })).body.id;
  a.customer = await post("/api/v1/customers", { title: "A customer" });
  a.device = await post("/api/v1/devices", { name: "A device" });
  a.asset = await post("/api/v1/assets", { name: "A asset" });
  a.profile = await post("/api/v1/device-profiles", { name: "A profile" });
  a.user = await post("/api/v1/users", { email: `a-${Date.now()}@example.test`, role: "TENANT_ADMIN" });
  a.relation = await post("/api/v1/relations", {
    from: { type: "ASSET", id: a.asset },
    to: { type: "DEVICE", id: a.device },
  });
  a.apiKey = await post("/api/v1/api-keys", { name: "A key" });
  const auth = await authenticate(h.deps, new Headers({ cookie: adminB.cookie }));
  b = callerOf({ deps: h.deps, auth, crossSite: false });
});
afterAll(async () => h?.close());

const calls: [string, () => Promise<unknown>][] = [
  ["devices.get", () => b.devices.get({ id: a.device! })],
  ["devices.update", () => b.devices.update({ id: a.device!, patch: { name: "x" } })],
  ["devices.delete", () => b.devices.delete({ id: a.device! })],
  ["devices.credentials", () => b.devices.credentials({ id: a.device! })],
  ["devices.connectionInfo", () => b.devices.connectionInfo({ id: a.device! })],
  [
    "devices.replaceCredentials",
    () => b.devices.replaceCredentials({ id: a.device!, credentials: { type: "ACCESS_TOKEN" } }),
  ],
  ["deviceData.latestTelemetry", () => b.deviceData.latestTelemetry({ deviceId: a.device! })],
  ["deviceData.telemetryKeys", () => b.deviceData.telemetryKeys({ deviceId: a.device! })],
  ["deviceData.attributes", () => b.deviceData.attributes({ deviceId: a.device! })],
  [
    "deviceData.saveAttributes",
    () => b.deviceData.saveAttributes({ deviceId: a.device!, scope: "SHARED", values: { x: 1 } }),
  ],
  [
    "deviceData.deleteAttributes",
    () => b.deviceData.deleteAttributes({ deviceId: a.device!, scope: "SHARED", keys: ["x"] }),
  ],
  [
    "deviceData.sendRpc",
    () => b.deviceData.sendRpc({ deviceId: a.device!, request: { method: "m", oneway: true, timeoutMs: 1000 } }),
  ],
  ["deviceData.rpcHistory", () => b.deviceData.rpcHistory({ deviceId: a.device!, page: 1, pageSize: 10 })],
  ["assets.get", () => b.assets.get({ id: a.asset! })],
  ["assets.update", () => b.assets.update({ id: a.asset!, patch: { name: "x" } })],
  ["assets.delete", () => b.assets.delete({ id: a.asset! })],
  ["customers.update", () => b.customers.update({ id: a.customer!, patch: { title: "x" } })],
  ["customers.delete", () => b.customers.delete({ id: a.customer! })],
  ["profiles.delete", () => b.profiles.delete({ kind: "device", id: a.profile! })],
  ["users.update", () => b.users.update({ id: a.user!, patch: { disabled: true } })],
  ["users.delete", () => b.users.delete({ id: a.user! })],
  ["relations.delete", () => b.relations.delete({ id: a.relation! })],
  ["apiKeys.revoke", () => b.apiKeys.revoke({ id: a.apiKey! })],
];

describe("tenant B through tRPC with tenant A's ids", () => {
  it.each(calls)("%s is NOT_FOUND", async (_name, call) => {
    const error = await call().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("NOT_FOUND");
  });

  it("changed nothing of A's", async () => {
    const device = await h.deps.db.system.device.findUniqueOrThrow({ where: { id: a.device! } });
    expect(device.name).toBe("A device");
    expect(await h.deps.db.system.attribute.count({ where: { entityId: a.device! } })).toBe(0);
    expect(await h.deps.db.system.rpcRequest.count({ where: { deviceId: a.device! } })).toBe(0);
    expect((await h.deps.db.system.apiKey.findUniqueOrThrow({ where: { id: a.apiKey! } })).revokedAt).toBeNull();
    expect((await h.deps.db.system.user.findUniqueOrThrow({ where: { id: a.user! } })).disabledAt).toBeNull();
    expect(await h.deps.db.system.entityRelation.count({ where: { id: a.relation! } })).toBe(1);
  });
});
