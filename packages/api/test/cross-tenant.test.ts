import { createUser } from "@industryos/db";
import { deadLetterFields, ruleEngineDeadLetters } from "@industryos/device-protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listOperations, type NamedOperation } from "../src/operations/registry.ts";
import { alarmContext } from "../src/services/alarms/alarm-context.ts";
import { raiseAlarm } from "../src/services/alarms/raise-alarm.ts";
import { startApiHarness, TEST_ORIGIN, type ApiHarness } from "../src/testing/api-harness.ts";
import { SAMPLE_PATH_PARAMS } from "./support/operation-samples.ts";

/**
 * Generated from the operation registry: tenant B calls every operation that takes an id with
 * tenant A's ids, over REST and over tRPC, and must get 404 (each operation's example body passes
 * validation, so the answer is the tenant check's), leaving A's data as it was; a customer user
 * calls every tenant-admin operation and must get 403.
 */
let h: ApiHarness;
let aKey: string;
let bKey: string;
let customerUserCookie: string;
const ids: Record<string, string> = {};
let snapshotBefore: unknown;

function idFor(resource: string, path: string): string {
  const id = ids[resource];
  if (!id) throw new Error(`no id of tenant A for ${path}`);
  return id;
}

/**
 * One set of path parameters per case: A's record for `{id}` (of the path's first segment, or of
 * `{entityType}`, once per entity type), sample values for the other parameters.
 */
function casesFor({ operation }: NamedOperation): Record<string, string>[] {
  const names = [...operation.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  let cases: Record<string, string>[] = [{}];
  for (const name of names) {
    if (name === "id") continue;
    const sample = SAMPLE_PATH_PARAMS[name]!;
    const values = typeof sample === "string" ? [sample] : sample;
    cases = cases.flatMap((c) => values.map((value) => ({ ...c, [name]: value })));
  }
  if (!names.includes("id")) return cases;
  return cases.map((c) => ({ ...c, id: idFor(c.entityType ?? operation.path.split("/")[1]!, operation.path) }));
}

/** The first case's parameters (where any record of A will do). */
const paramsFor = (named: NamedOperation) => casesFor(named)[0]!;

function restPathFor(named: NamedOperation, params = paramsFor(named)): string {
  return `/api/v1${named.operation.path.replace(/\{(\w+)\}/g, (_, name: string) => params[name]!)}`;
}

/** Query fields an operation needs to pass validation (a key to delete, a key to read, a range). */
function queryFor({ operation }: NamedOperation): Record<string, string> {
  if (operation.method === "DELETE" && operation.path.includes("{scope}")) return { keys: "setpoint" };
  if (operation.method === "DELETE" && operation.path.endsWith("/telemetry"))
    return { keys: "temperature", from: "0", to: String(Date.now() + 86_400_000) };
  if (operation.path.endsWith("/telemetry")) return { keys: "temperature" };
  return {};
}

async function snapshotOfA() {
  const get = async (path: string) => (await h.call("GET", path, { apiKey: aKey })).body;
  return {
    device: await get(`/api/v1/devices/${ids.devices}`),
    credentials: await get(`/api/v1/devices/${ids.devices}/credentials`),
    attributes: await get(`/api/v1/devices/${ids.devices}/attributes`),
    asset: await get(`/api/v1/assets/${ids.assets}`),
    customer: await get(`/api/v1/customers/${ids.customers}`),
    deviceProfile: await get(`/api/v1/device-profiles/${ids["device-profiles"]}`),
    assetProfile: await get(`/api/v1/asset-profiles/${ids["asset-profiles"]}`),
    user: await get(`/api/v1/users/${ids.users}`),
    relation: await get(`/api/v1/relations/${ids.relations}`),
    apiKey: await get(`/api/v1/api-keys/${ids["api-keys"]}`),
    dashboard: await get(`/api/v1/dashboards/${ids.dashboards}`),
    reportRuns: await get(`/api/v1/report-schedules/${ids["report-schedules"]}/runs`),
    alarm: await get(`/api/v1/alarms/${ids.alarms}`),
    alarmComments: await get(`/api/v1/alarms/${ids.alarms}/comments`),
    ruleChain: await get(`/api/v1/rule-chains/${ids["rule-chains"]}`),
    bulkJob: await get(`/api/v1/bulk-jobs/${ids["bulk-jobs"]}`),
    otaPackage: await get(`/api/v1/ota-packages/${ids["ota-packages"]}`),
    otaCampaign: await get(`/api/v1/ota-campaigns/${ids["ota-campaigns"]}`),
    deviceOta: await get(`/api/v1/devices/${ids.devices}/ota`),
    ruleChainVersions: await get(`/api/v1/rule-chains/${ids["rule-chains"]}/versions`),
    notificationTarget: await get(`/api/v1/notification-targets/${ids["notification-targets"]}`),
    notificationTemplate: await get(`/api/v1/notification-templates/${ids["notification-templates"]}`),
    notificationRequest: await get(`/api/v1/notification-requests/${ids["notification-requests"]}`),
    notification: await h.deps.db.system.notification.findUnique({ where: { id: ids.notifications } }),
    webhook: await get(`/api/v1/webhooks/${ids.webhooks}`),
    jwtIssuer: await get(`/api/v1/jwt-issuers/${ids["jwt-issuers"]}`),
    deviceFilter: await get(`/api/v1/device-filters/${ids["device-filters"]}`),
    edge: await get(`/api/v1/edges/${ids.edges}`),
    deviceFilterDevices: await get(`/api/v1/device-filters/${ids["device-filters"]}/devices`),
    webhookDeliveries: await get(`/api/v1/webhooks/${ids.webhooks}/deliveries`),
    notificationRule: await get(`/api/v1/notification-rules/${ids["notification-rules"]}`),
    escalationPolicy: await get(`/api/v1/escalation-policies/${ids["escalation-policies"]}`),
    alarmEscalations: await get(`/api/v1/alarms/${ids.alarms}/escalations`),
    deadLetters: await get("/api/v1/rule-engine/dead-letters"),
    assetAttributes: await get(`/api/v1/assets/${ids.assets}/attributes`),
    telemetry: await Promise.all(
      ["devices", "assets", "customers", "tenants"].map((type) =>
        get(`/api/v1/${type}/${ids[type]}/telemetry?keys=temperature&from=0&to=${Date.now() + 86_400_000}`),
      ),
    ),
  };
}

beforeAll(async () => {
  h = await startApiHarness();
  const a = await h.signup("a");
  const b = await h.signup("b");
  aKey = (await h.call<{ key: string }>("POST", "/api/v1/api-keys", { cookie: a.cookie, body: { name: "a" } })).body
    .key;
  bKey = (await h.call<{ key: string }>("POST", "/api/v1/api-keys", { cookie: b.cookie, body: { name: "b" } })).body
    .key;
  const post = async (path: string, body: unknown) => {
    const r = await h.call<{ id: string }>("POST", path, { apiKey: aKey, body });
    if (r.status !== 201) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.id;
  };
  ids.customers = await post("/api/v1/customers", { title: "Customer of A" });
  ids.devices = await post("/api/v1/devices", { name: "A's device", customerId: ids.customers });
  await h.call("POST", `/api/v1/devices/${ids.devices}/attributes/SHARED`, { apiKey: aKey, body: { setpoint: 20 } });
  ids.assets = await post("/api/v1/assets", { name: "A's asset" });
  ids["device-profiles"] = await post("/api/v1/device-profiles", { name: "A's profile" });
  ids["asset-profiles"] = await post("/api/v1/asset-profiles", { name: "A's asset profile" });
  ids.users = await post("/api/v1/users", {
    email: `viewer-${Date.now()}@example.test`,
    role: "CUSTOMER_USER",
    customerId: ids.customers,
  });
  ids.relations = await post("/api/v1/relations", {
    from: { type: "ASSET", id: ids.assets },
    to: { type: "DEVICE", id: ids.devices },
    type: "Contains",
  });
  ids["api-keys"] = await post("/api/v1/api-keys", { name: "A's second key" });
  ids.dashboards = await post("/api/v1/dashboards", { title: "A's dashboard" });
  ids["rule-chains"] = await post("/api/v1/rule-chains", {
    name: "A's chain",
    nodes: [{ id: "log", type: "action.log", config: {} }],
    connections: [{ from: "input", to: "log", relation: "Success" }],
  });
  // A report schedule of A, written directly: creating one through the API also writes its Temporal schedule,
  // and this suite runs without Temporal (B is refused before Temporal would be asked).
  const aReport = await h.deps.db.forTenant(a.tenantId).reportSchedule.create({
    data: {
      tenantId: a.tenantId,
      name: "A's report",
      dashboardId: ids.dashboards,
      frequency: "DAILY",
      timeOfDay: "07:00",
      timeZone: "Europe/Berlin",
      recipients: ["a@example.test"],
    },
  });
  ids["report-schedules"] = aReport.id;
  // A dead letter of A (its id is a Redis stream id): B may neither replay nor see it.
  ids["rule-engine"] = (await h.deps.redis.xadd(
    ruleEngineDeadLetters(a.tenantId),
    "*",
    ...deadLetterFields({
      message: JSON.stringify({ type: "POST_TELEMETRY_REQUEST", tenantId: a.tenantId, deviceId: ids.devices }),
      error: "failed in A's chain",
      attempts: 3,
      failedAt: Date.now(),
    }),
  ))!;
  ids.tenants = a.tenantId;
  // A webhook of A (a public URL: nothing is sent) and one delivery of it, under the sample delivery id.
  ids.webhooks = await post("/api/v1/webhooks", { url: "https://hooks.example.com/a", events: ["*"] });
  ids.edges = await post("/api/v1/edges", { name: "A's plant" });
  // /lwm2m/models/{id}: an uploaded object model of A's (written directly: the upload is multipart).
  ids.lwm2m = (
    await h.deps.db.forTenant(a.tenantId).lwm2mObjectModel.create({
      data: { tenantId: a.tenantId, objectId: 33000, name: "A's valve", ddfXml: "<LWM2M/>" },
    })
  ).id;
  ids["device-filters"] = await post("/api/v1/device-filters", {
    name: "A's customer's devices",
    criteria: { customerId: ids.customers },
  });
  ids["jwt-issuers"] = await post("/api/v1/jwt-issuers", {
    issuer: "https://auth.a.example.com/",
    keys: { keys: [{ kty: "OKP", crv: "Ed25519", x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo" }] },
  });
  await h.deps.db.forTenant(a.tenantId).webhookDelivery.create({
    data: {
      id: SAMPLE_PATH_PARAMS.deliveryId as string,
      tenantId: a.tenantId,
      webhookId: ids.webhooks,
      eventId: crypto.randomUUID(),
      eventType: "telemetry",
      payload: { data: { values: { temperature: 21.5 } } },
      status: "FAILED",
    },
  });
  // A validated (never started) device import of A: B may neither see, start nor cancel it.
  ids["bulk-jobs"] = await post("/api/v1/bulk-jobs/device-import", { csv: "name\nA's imported device" });
  // An active, unacknowledged, unassigned alarm of A's device (A's customer's), propagated to A's asset.
  const raised = await raiseAlarm(alarmContext(h.deps, a.tenantId), {
    originator: { type: "DEVICE", id: ids.devices },
    type: "High temperature",
    severity: "MAJOR",
    details: { temperature: 31 },
    ts: Date.now(),
    propagation: { propagate: true, propagateToOwner: true },
  });
  ids.alarms = raised.alarm.id;
  // The notification center's records of A: a target, a template, a request sent with them (written directly: the
  // suite runs no workers) and a notification in A's admin's inbox.
  ids["notification-targets"] = await post("/api/v1/notification-targets", {
    name: "A's on-call",
    type: "EMAIL",
    configuration: { emails: ["oncall-a@example.test"] },
  });
  ids["notification-templates"] = await post("/api/v1/notification-templates", {
    name: "A's alarm text",
    notificationType: "ALARM",
    channels: { EMAIL: { subject: "${alarmType}", body: "${severity}" } },
  });
  const aNotifications = h.deps.db.forTenant(a.tenantId);
  const request = await aNotifications.notificationRequest.create({
    data: {
      tenantId: a.tenantId,
      templateId: ids["notification-templates"],
      targetIds: [ids["notification-targets"]],
      status: "SENT",
    },
  });
  ids["notification-requests"] = request.id;
  ids.notifications = (
    await aNotifications.notification.create({
      data: {
        tenantId: a.tenantId,
        userId: a.userId,
        requestId: request.id,
        type: "ALARM",
        subject: "A's",
        text: "A's",
      },
    })
  ).id;
  // A notification rule and an escalation policy of A (their template and target written directly).
  const aDb = h.deps.db.forTenant(a.tenantId);
  const template = await aDb.notificationTemplate.create({
    data: { tenantId: a.tenantId, name: "A's template", notificationType: "ALARM", channels: {} },
  });
  const target = await aDb.notificationTarget.create({
    data: { tenantId: a.tenantId, name: "A's target", type: "EMAIL", configuration: { emails: ["a@example.test"] } },
  });
  ids["notification-rules"] = await post("/api/v1/notification-rules", {
    name: "A's rule",
    triggerType: "ALARM",
    triggerConfig: { events: ["CREATED"] },
    templateId: template.id,
    targetIds: [target.id],
  });
  ids["escalation-policies"] = await post("/api/v1/escalation-policies", {
    name: "A's policy",
    levels: [{ afterMinutes: 10, targetIds: [target.id], templateId: template.id }],
  });
  // An OTA package of A with its binary (multipart upload): B may neither see, download, delete nor assign it.
  const form = new FormData();
  for (const [name, value] of Object.entries({ title: "A's firmware", version: "1.0", type: "FIRMWARE" }))
    form.append(name, value);
  form.append("file", new Blob([new Uint8Array(4096).fill(7)]), "a.bin");
  const uploaded = await h.api.rest(
    new Request(new URL("/api/v1/ota-packages", TEST_ORIGIN), {
      method: "POST",
      headers: { authorization: `Bearer ${aKey}` },
      body: form,
    }),
  );
  if (uploaded.status !== 201) throw new Error(`OTA package: ${uploaded.status} ${await uploaded.text()}`);
  ids["ota-packages"] = ((await uploaded.json()) as { id: string }).id;
  // A campaign of A over its device (written directly: starting it needs the workers' Temporal).
  ids["ota-campaigns"] = (
    await h.deps.db.forTenant(a.tenantId).otaCampaign.create({
      data: { tenantId: a.tenantId, name: "A's rollout", packageId: ids["ota-packages"], target: {}, waves: [100] },
    })
  ).id;
  // Telemetry of every entity type and a server attribute of the asset: B must not touch them.
  for (const type of ["devices", "assets", "customers", "tenants"]) {
    const pushed = await h.call("POST", `/api/v1/${type}/${ids[type]}/telemetry`, {
      apiKey: aKey,
      body: { ts: Date.now() - 60_000, values: { temperature: 21.5 } },
    });
    if (pushed.status !== 200) throw new Error(`${type} telemetry: ${pushed.status} ${JSON.stringify(pushed.body)}`);
  }
  await h.call("POST", `/api/v1/assets/${ids.assets}/attributes/SERVER`, { apiKey: aKey, body: { floor: 3 } });

  const viewer = await createUser(h.deps.db.system, {
    tenantId: a.tenantId,
    customerId: ids.customers,
    role: "CUSTOMER_USER",
    password: "viewer password 1",
  });
  customerUserCookie = (
    await h.call("POST", "/api/v1/auth/login", { body: { email: viewer.email, password: "viewer password 1" } })
  ).sessionCookie!;
  snapshotBefore = await snapshotOfA();
});
afterAll(async () => h?.close());

const operations = listOperations();
const withId = operations.filter(({ operation }) => operation.access === "tenant" && operation.path.includes("{id}"));
const label = ({ name, operation }: NamedOperation) => `${name} (${operation.method} ${operation.path})`;
/** The operations' cases, resolved when the test runs (A's ids exist only after beforeAll). */
const cases = withId.flatMap((named) => {
  const entityTypes = named.operation.path.includes("{entityType}")
    ? (SAMPLE_PATH_PARAMS.entityType as readonly string[])
    : [undefined];
  return entityTypes.map(
    (entityType) =>
      [`${label(named)}${entityType ? ` with entityType=${entityType}` : ""}`, named, entityType] as const,
  );
});

/** The case's parameters: A's record of the case's entity type, if it has one. */
function caseParams(named: NamedOperation, entityType: string | undefined) {
  const all = casesFor(named);
  return (entityType ? all.find((c) => c.entityType === entityType) : all[0])!;
}

describe("tenant B calling with tenant A's ids", () => {
  it.each(cases)("%s answers 404 over REST", async (_label, named, entityType) => {
    const query = new URLSearchParams(queryFor(named)).toString();
    const result = await h.call<{ error: { code: string } }>(
      named.operation.method,
      restPathFor(named, caseParams(named, entityType)) + (query ? `?${query}` : ""),
      { apiKey: bKey, body: named.operation.example },
    );
    expect(result.status, JSON.stringify(result.body)).toBe(404);
    expect(result.body.error.code).toBe("NOT_FOUND");
  });

  it.each(cases)("%s answers NOT_FOUND over tRPC", async (_label, named, entityType) => {
    const input = {
      ...caseParams(named, entityType),
      ...queryFor(named),
      ...(named.operation.body ? { body: named.operation.example } : {}),
    };
    const result =
      named.operation.kind === "query"
        ? await h.call<{ error: { data: { code: string } } }>(
            "GET",
            `/api/trpc/${named.name}?input=${encodeURIComponent(JSON.stringify(input))}`,
            { apiKey: bKey },
          )
        : await h.call<{ error: { data: { code: string } } }>("POST", `/api/trpc/${named.name}`, {
            apiKey: bKey,
            body: input,
          });
    expect(result.status, JSON.stringify(result.body)).toBe(404);
    expect(result.body.error.data.code).toBe("NOT_FOUND");
  });

  it("cannot point its own records at A's (relation to A's device, device of A's customer)", async () => {
    const own = await h.call<{ id: string }>("POST", "/api/v1/devices", { apiKey: bKey, body: { name: "B's device" } });
    const relation = await h.call("POST", "/api/v1/relations", {
      apiKey: bKey,
      body: { from: { type: "DEVICE", id: own.body.id }, to: { type: "DEVICE", id: ids.devices } },
    });
    expect(relation.status).toBe(404);
    const assigned = await h.call("PATCH", `/api/v1/devices/${own.body.id}`, {
      apiKey: bKey,
      body: { customerId: ids.customers },
    });
    expect(assigned.status).toBe(422);
  });

  it("sees none of A's rows in its lists", async () => {
    for (const path of [
      "devices",
      "assets",
      "customers",
      "users",
      "relations",
      "audit-logs",
      "dashboards",
      "rule-chains",
      "alarms",
      "notification-targets",
      "notification-templates",
      "notification-requests",
      "notification-rules",
      "escalation-policies",
      "ota-packages",
      "ota-campaigns",
    ]) {
      const list = await h.call<{ data: { id: string }[] }>("GET", `/api/v1/${path}?pageSize=100`, { apiKey: bKey });
      expect(list.status).toBe(200);
      expect(list.body.data.map((r) => r.id)).not.toContain(ids[path]);
    }
  });

  it("left A's data unchanged", async () => {
    expect(await snapshotOfA()).toEqual(snapshotBefore);
  });
});

describe("a customer user", () => {
  const adminOnly = operations.filter(
    ({ operation }) => operation.access === "tenant" && !operation.roles?.includes("CUSTOMER_USER"),
  );

  it.each(adminOnly.map((named) => [label(named), named] as const))("%s answers 403", async (_label, named) => {
    const result = await h.call(named.operation.method, restPathFor(named), {
      cookie: customerUserCookie,
      body: named.operation.example,
    });
    expect(result.status).toBe(403);
  });

  it("sees only its customer's devices", async () => {
    const list = await h.call<{ data: { id: string }[]; total: number }>("GET", "/api/v1/devices", {
      cookie: customerUserCookie,
    });
    expect(list.body.data.map((d) => d.id)).toEqual([ids.devices]);
    const assets = await h.call<{ total: number }>("GET", "/api/v1/assets", { cookie: customerUserCookie });
    expect(assets.body.total).toBe(0);
    expect((await h.call("GET", `/api/v1/assets/${ids.assets}`, { cookie: customerUserCookie })).status).toBe(404);
  });

  it("may not send RPC unless allowed", async () => {
    const denied = await h.call("POST", `/api/v1/devices/${ids.devices}/rpc`, {
      cookie: customerUserCookie,
      body: { method: "open", oneway: true },
    });
    expect(denied.status).toBe(403);
    await h.call("POST", `/api/v1/devices/${ids.devices}/attributes/SERVER`, {
      apiKey: aKey,
      body: { allowCustomerRpc: true },
    });
    const allowed = await h.call("POST", `/api/v1/devices/${ids.devices}/rpc`, {
      cookie: customerUserCookie,
      body: { method: "open", oneway: true },
    });
    expect(allowed.status).toBe(202);
  });

  it("left A's data unchanged", async () => {
    const now = (await snapshotOfA()) as { attributes: unknown[] };
    const before = snapshotBefore as { attributes: unknown[] };
    expect({ ...now, attributes: before.attributes }).toEqual(snapshotBefore);
  });
});
