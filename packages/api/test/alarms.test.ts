import { readRuleEngineEntry, RULE_ENGINE_PARTITIONS, ruleEngineStream } from "@industryos/device-protocol";
import { createUser } from "@industryos/db";
import { alarmsChannel } from "@industryos/device-protocol";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alarmContext, type AlarmContext } from "../src/services/alarms/alarm-context.ts";
import { clearAlarmOf } from "../src/services/alarms/clear-alarm-of.ts";
import { raiseAlarm } from "../src/services/alarms/raise-alarm.ts";
import type { AlarmView } from "../src/services/alarms/schemas.ts";
import { startApiHarness, type ApiHarness } from "../src/testing/api-harness.ts";

let h: ApiHarness;
let apiKey: string;
let tenantId: string;
let ctx: AlarmContext;
let adminCookie: string;
let adminEmail: string;
let adminUserId: string;
// Plays a WebSocket node: listens on the tenant's alarms channel.
let subscriber: Redis;
const published: { change: string; alarm: AlarmView; propagatedTo: string[] }[] = [];

interface Page<T> {
  data: T[];
  total: number;
  page: number;
  pageSize: number;
}

const post = async <T = { id: string }>(path: string, body: unknown) => {
  const r = await h.call<T>("POST", path, { apiKey, body });
  if (r.status >= 300) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
};

/** The platform events on the rule-engine streams about this originator, oldest first. */
/** The alarm events of an originator (its entity events, ENTITY_CREATED and the like, left out). */
async function streamEvents(originatorId: string) {
  const events: Record<string, unknown>[] = [];
  for (let p = 0; p < RULE_ENGINE_PARTITIONS; p++) {
    const entries = await h.deps.redis.xrange(ruleEngineStream(p), "-", "+");
    for (const [, fields] of entries)
      for (const message of readRuleEngineEntry(fields) as Record<string, unknown>[])
        if (message.originatorId === originatorId && !String(message.type).startsWith("ENTITY_")) events.push(message);
  }
  return events;
}

beforeAll(async () => {
  h = await startApiHarness();
  const admin = await h.signup("alarms");
  tenantId = admin.tenantId;
  apiKey = (await h.call<{ key: string }>("POST", "/api/v1/api-keys", { cookie: admin.cookie, body: { name: "ci" } }))
    .body.key;
  adminCookie = admin.cookie;
  adminEmail = admin.email;
  adminUserId = admin.userId;
  ctx = alarmContext(h.deps, tenantId);
  subscriber = new Redis(process.env.REDIS_URL!);
  subscriber.on("message", (_channel: string, message: string) => published.push(JSON.parse(message)));
  await subscriber.subscribe(alarmsChannel(tenantId));
});
afterAll(async () => {
  subscriber?.disconnect();
  await h?.close();
});

const raise = (
  id: string,
  type: string,
  severity: "CRITICAL" | "MAJOR" | "MINOR" | "WARNING" | "INDETERMINATE",
  extra = {},
) =>
  raiseAlarm(ctx, {
    originator: { type: "DEVICE", id },
    type,
    severity,
    details: { severity },
    ts: Date.now(),
    ...extra,
  });

describe("raiseAlarm and clearAlarmOf", () => {
  it("raise, repeat, update, clear, raise again", async () => {
    const device = await post("/api/v1/devices", { name: "Boiler 1" });
    const originator = { type: "DEVICE" as const, id: device.id };
    const t0 = Date.now();
    const first = await raiseAlarm(ctx, {
      originator,
      type: "High temperature",
      severity: "MAJOR",
      details: { t: 31 },
      ts: t0,
    });
    expect(first.change).toBe("created");
    expect(first.alarm).toMatchObject({
      status: "ACTIVE_UNACK",
      severity: "MAJOR",
      originatorName: "Boiler 1",
      startTs: t0,
    });
    const repeat = await raiseAlarm(ctx, {
      originator,
      type: "High temperature",
      severity: "MAJOR",
      details: { t: 31 },
      ts: t0 + 1,
    });
    expect(repeat).toMatchObject({ change: "unchanged", alarm: { id: first.alarm.id } });
    const worse = await raiseAlarm(ctx, {
      originator,
      type: "High temperature",
      severity: "CRITICAL",
      details: { t: 40 },
      ts: t0 + 2,
    });
    expect(worse).toMatchObject({
      change: "updated",
      alarm: { id: first.alarm.id, severity: "CRITICAL", details: { t: 40 } },
    });
    const cleared = await clearAlarmOf(ctx, originator, "High temperature", { t: 20 }, t0 + 3);
    expect(cleared).toMatchObject({
      change: "cleared",
      alarm: { id: first.alarm.id, status: "CLEARED_UNACK", clearTs: t0 + 3 },
    });
    expect(await clearAlarmOf(ctx, originator, "High temperature", { t: 20 }, t0 + 3)).toBeNull();
    // A redelivered message older than the clear changes nothing.
    const late = await raiseAlarm(ctx, {
      originator,
      type: "High temperature",
      severity: "MAJOR",
      details: { t: 31 },
      ts: t0 + 1,
    });
    expect(late).toMatchObject({ change: "unchanged", alarm: { id: first.alarm.id, cleared: true } });
    const again = await raiseAlarm(ctx, {
      originator,
      type: "High temperature",
      severity: "MINOR",
      details: {},
      ts: t0 + 4,
    });
    expect(again.change).toBe("created");
    expect(again.alarm.id).not.toBe(first.alarm.id);
    await expect
      .poll(async () => (await streamEvents(device.id)).map((e) => e.type))
      .toEqual(["ALARM", "ALARM", "ALARM_CLEAR", "ALARM"]);
  });

  it("10 concurrent raises of one originator and type make one alarm", async () => {
    const device = await post("/api/v1/devices", { name: "Boiler 2" });
    const originator = { type: "DEVICE" as const, id: device.id };
    const ts = Date.now();
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        raiseAlarm(ctx, { originator, type: "Leak", severity: "CRITICAL", details: null, ts }),
      ),
    );
    expect(new Set(results.map((r) => r.alarm.id)).size).toBe(1);
    expect(results.filter((r) => r.change === "created")).toHaveLength(1);
    expect(await h.deps.db.forTenant(tenantId).alarm.count({ where: { originatorId: device.id } })).toBe(1);
  });
});

describe("alarm operations", () => {
  it("lifecycle over REST: ack, clear, CLEARED_ACK, system comments, audit entries, events", async () => {
    const device = await post("/api/v1/devices", { name: "Pump 1" });
    const { alarm } = await raise(device.id, "Overpressure", "WARNING");
    const seen = await h.call<AlarmView>("GET", `/api/v1/alarms/${alarm.id}`, { apiKey });
    expect(seen.body).toMatchObject({
      id: alarm.id,
      type: "Overpressure",
      severity: "WARNING",
      status: "ACTIVE_UNACK",
      originatorId: device.id,
      originatorType: "DEVICE",
      originatorName: "Pump 1",
      ackTs: null,
      clearTs: null,
      assigneeId: null,
      details: { severity: "WARNING" },
    });
    await raise(device.id, "Overpressure", "MAJOR");
    const acked = await h.call<AlarmView>("POST", `/api/v1/alarms/${alarm.id}/ack`, { cookie: adminCookie });
    expect(acked.status).toBe(200);
    expect(acked.body).toMatchObject({ status: "ACTIVE_ACK", severity: "MAJOR", ackTs: expect.any(Number) });
    // Acknowledging again changes nothing.
    expect((await h.call<AlarmView>("POST", `/api/v1/alarms/${alarm.id}/ack`, { apiKey })).body.ackTs).toBe(
      acked.body.ackTs,
    );
    const cleared = await h.call<AlarmView>("POST", `/api/v1/alarms/${alarm.id}/clear`, { cookie: adminCookie });
    expect(cleared.body).toMatchObject({ status: "CLEARED_ACK", cleared: true, clearTs: expect.any(Number) });
    const comments = await h.call<Page<{ type: string; text: string }>>("GET", `/api/v1/alarms/${alarm.id}/comments`, {
      apiKey,
    });
    expect(comments.body.data.map((c) => [c.type, c.text])).toEqual([
      ["SYSTEM", `Acknowledged by ${adminEmail}`],
      ["SYSTEM", `Cleared by ${adminEmail}`],
    ]);
    const audit = await h.call<Page<{ actionType: string }>>("GET", `/api/v1/audit-logs?entityId=${alarm.id}`, {
      apiKey,
    });
    expect(audit.body.data.map((a) => a.actionType).sort()).toEqual(["ALARM_ACK", "ALARM_CLEAR"]);
    // A new raise after the clear is a new alarm.
    const next = await raise(device.id, "Overpressure", "MINOR");
    expect(next.change).toBe("created");
    expect(next.alarm.id).not.toBe(alarm.id);
    await expect
      .poll(async () => (await streamEvents(device.id)).map((e) => [e.type, (e.data as AlarmView).id === alarm.id]))
      .toEqual([
        ["ALARM", true],
        ["ALARM", true],
        ["ALARM_ACK", true],
        ["ALARM_CLEAR", true],
        ["ALARM", false],
      ]);
    const [event, severityChange] = await streamEvents(device.id);
    expect(event).toMatchObject({
      tenantId,
      originatorType: "DEVICE",
      originatorId: device.id,
      metadata: { alarmId: alarm.id, isNewAlarm: "true", alarmType: "Overpressure" },
      data: { id: alarm.id, status: "ACTIVE_UNACK" },
    });
    // An update that changed the severity names the one before (notification rules' SEVERITY_CHANGED).
    expect(severityChange).toMatchObject({
      metadata: { alarmSeverity: "MAJOR", previousAlarmSeverity: "WARNING", isExistingAlarm: "true" },
    });
    await expect
      .poll(() => published.filter((m) => m.alarm.originatorId === device.id).map((m) => m.change))
      .toEqual(["created", "updated", "acknowledged", "cleared", "created"]);
  });

  it("propagates to an asset that contains the device and to the customer", async () => {
    const customer = await post("/api/v1/customers", { title: "Acme" });
    const device = await post("/api/v1/devices", { name: "Sensor 1", customerId: customer.id });
    const floor = await post("/api/v1/assets", { name: "Floor 1" });
    const building = await post("/api/v1/assets", { name: "Building 1" });
    const other = await post("/api/v1/assets", { name: "Managed by" });
    await post("/api/v1/relations", { from: { type: "ASSET", id: floor.id }, to: { type: "DEVICE", id: device.id } });
    await post("/api/v1/relations", { from: { type: "ASSET", id: building.id }, to: { type: "ASSET", id: floor.id } });
    // A cycle, and a relation of another type.
    await post("/api/v1/relations", { from: { type: "ASSET", id: floor.id }, to: { type: "ASSET", id: building.id } });
    await post("/api/v1/relations", {
      from: { type: "ASSET", id: other.id },
      to: { type: "DEVICE", id: device.id },
      type: "Manages",
    });
    const { alarm } = await raise(device.id, "Smoke", "CRITICAL", {
      propagation: { propagate: true, propagateRelationTypes: ["Contains"], propagateToOwner: true },
    });
    expect(alarm.customerId).toBe(customer.id);
    for (const id of [floor.id, building.id, customer.id]) {
      const listed = await h.call<Page<AlarmView>>("GET", `/api/v1/alarms?originatorId=${id}`, { apiKey });
      expect(
        listed.body.data.map((a) => a.id),
        id,
      ).toEqual([alarm.id]);
    }
    const notListed = await h.call<Page<AlarmView>>("GET", `/api/v1/alarms?originatorId=${other.id}`, { apiKey });
    expect(notListed.body.total).toBe(0);
    await expect
      .poll(() => published.find((m) => m.alarm.id === alarm.id)?.propagatedTo.sort())
      .toEqual([floor.id, building.id, customer.id].sort());
    const counts = await h.call<{ total: number; byOriginator: Record<string, { total: number }> }>(
      "GET",
      `/api/v1/alarms/counts?originatorId=${building.id},${other.id}`,
      { apiKey },
    );
    expect(counts.body.total).toBe(1);
    expect(counts.body.byOriginator[building.id]!.total).toBe(1);
    expect(counts.body.byOriginator[other.id]!.total).toBe(0);
  });

  it("filters by status, severity, type, originator and time; searches; pages newest first", async () => {
    const a = await post("/api/v1/devices", { name: "Filter alpha" });
    const b = await post("/api/v1/devices", { name: "Filter beta" });
    const t0 = Date.now() - 10_000;
    const mk = (id: string, type: string, severity: "CRITICAL" | "MINOR", ts: number) =>
      raiseAlarm(ctx, { originator: { type: "DEVICE", id }, type, severity, details: null, ts });
    const a1 = (await mk(a.id, "F-Temp", "CRITICAL", t0)).alarm;
    const a2 = (await mk(a.id, "F-Door", "MINOR", t0 + 1000)).alarm;
    const b1 = (await mk(b.id, "F-Temp", "MINOR", t0 + 2000)).alarm;
    await h.call("POST", `/api/v1/alarms/${a2.id}/ack`, { apiKey });
    const list = async (query: string) =>
      (await h.call<Page<AlarmView>>("GET", `/api/v1/alarms?originatorId=${a.id},${b.id}&${query}`, { apiKey })).body;
    expect((await list("")).data.map((x) => x.id)).toEqual([b1.id, a2.id, a1.id]);
    expect((await list("status=ACTIVE_ACK")).data.map((x) => x.id)).toEqual([a2.id]);
    expect((await list("status=ACTIVE_UNACK,CLEARED_ACK")).data.map((x) => x.id)).toEqual([b1.id, a1.id]);
    expect((await list("severity=CRITICAL")).data.map((x) => x.id)).toEqual([a1.id]);
    expect((await list("type=F-Temp&severity=MINOR,CRITICAL")).data.map((x) => x.id)).toEqual([b1.id, a1.id]);
    expect((await list(`from=${t0 + 500}&to=${t0 + 1500}`)).data.map((x) => x.id)).toEqual([a2.id]);
    expect((await list("search=beta")).data.map((x) => x.id)).toEqual([b1.id]);
    expect((await list("search=f-door")).data.map((x) => x.id)).toEqual([a2.id]);
    const page2 = await list("pageSize=2&page=2");
    expect(page2).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(page2.data.map((x) => x.id)).toEqual([a1.id]);
    expect((await list("sortBy=severity&sortOrder=asc")).data[0]!.id).toBe(a1.id);
    const bad = await h.call<{ error: { code: string } }>("GET", "/api/v1/alarms?status=OPEN", { apiKey });
    expect(bad.status).toBe(400);
    // Over tRPC, lists are arrays.
    const trpc = await h.call<{ result: { data: Page<AlarmView> } }>(
      "GET",
      `/api/trpc/alarms.list?input=${encodeURIComponent(JSON.stringify({ originatorId: [a.id], severity: ["MINOR"] }))}`,
      { apiKey },
    );
    expect(trpc.body.result.data.data.map((x) => x.id)).toEqual([a2.id]);
  });

  it("comments: a person's, listed with the system's, with an event", async () => {
    const device = await post("/api/v1/devices", { name: "Commented" });
    const { alarm } = await raise(device.id, "Vibration", "MINOR");
    const added = await h.call<{ id: string; type: string; userId: string; userEmail: string; text: string }>(
      "POST",
      `/api/v1/alarms/${alarm.id}/comments`,
      { cookie: adminCookie, body: { text: "Technician on the way" } },
    );
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      type: "OTHER",
      userId: adminUserId,
      userEmail: adminEmail,
      text: "Technician on the way",
    });
    await h.call("POST", `/api/v1/alarms/${alarm.id}/ack`, { cookie: adminCookie });
    const listed = await h.call<Page<{ type: string; text: string }>>("GET", `/api/v1/alarms/${alarm.id}/comments`, {
      apiKey,
    });
    expect(listed.body.data.map((c) => c.type)).toEqual(["OTHER", "SYSTEM"]);
    expect((await h.call("POST", `/api/v1/alarms/${alarm.id}/comments`, { apiKey, body: { text: "  " } })).status).toBe(
      422,
    );
    await expect
      .poll(async () => (await streamEvents(device.id)).map((e) => e.type))
      .toEqual(["ALARM", "COMMENT_CREATED", "ALARM_ACK"]);
  });

  it("assigns to a user of the tenant, unassigns, refuses others", async () => {
    const device = await post("/api/v1/devices", { name: "Assigned" });
    const { alarm } = await raise(device.id, "Offline", "WARNING");
    const assigned = await h.call<AlarmView>("POST", `/api/v1/alarms/${alarm.id}/assign`, {
      cookie: adminCookie,
      body: { userId: adminUserId },
    });
    expect(assigned.body).toMatchObject({ assigneeId: adminUserId, assignTs: expect.any(Number) });
    const mine = await h.call<Page<AlarmView>>("GET", `/api/v1/alarms?assigneeId=${adminUserId}`, { apiKey });
    expect(mine.body.data.map((a) => a.id)).toEqual([alarm.id]);
    const unassigned = await h.call<AlarmView>("POST", `/api/v1/alarms/${alarm.id}/assign`, {
      cookie: adminCookie,
      body: { userId: null },
    });
    expect(unassigned.body).toMatchObject({ assigneeId: null, assignTs: null });
    const stranger = await h.signup("stranger");
    const refused = await h.call<{ error: { details: { path: string[] }[] } }>(
      "POST",
      `/api/v1/alarms/${alarm.id}/assign`,
      { cookie: adminCookie, body: { userId: stranger.userId } },
    );
    expect(refused.status).toBe(422);
    expect(refused.body.error.details[0]!.path).toEqual(["userId"]);
    const comments = await h.call<Page<{ text: string }>>("GET", `/api/v1/alarms/${alarm.id}/comments`, { apiKey });
    expect(comments.body.data.map((c) => c.text)).toEqual([
      `Assigned to ${adminEmail} by ${adminEmail}`,
      `Unassigned by ${adminEmail}`,
    ]);
    await expect
      .poll(async () => (await streamEvents(device.id)).map((e) => e.type))
      .toEqual(["ALARM", "ALARM_ASSIGNED", "ALARM_UNASSIGNED"]);
  });

  it("bulk ack and clear; ids of another tenant are not found", async () => {
    const device = await post("/api/v1/devices", { name: "Bulk" });
    const alarms = await Promise.all(["B1", "B2", "B3"].map((type) => raise(device.id, type, "MAJOR")));
    const ids = alarms.map((r) => r.alarm.id);
    const other = await h.signup("bulk-other");
    const otherCtx = alarmContext(h.deps, other.tenantId);
    const otherDevice = (
      await h.call<{ id: string }>("POST", "/api/v1/devices", { cookie: other.cookie, body: { name: "Theirs" } })
    ).body;
    const foreign = (
      await raiseAlarm(otherCtx, {
        originator: { type: "DEVICE", id: otherDevice.id },
        type: "Theirs",
        severity: "MAJOR",
        details: null,
        ts: Date.now(),
      })
    ).alarm;
    const acked = await h.call<{ data: AlarmView[]; notFound: string[] }>("POST", "/api/v1/alarms/ack", {
      apiKey,
      body: { ids: [...ids, foreign.id] },
    });
    expect(acked.status).toBe(200);
    expect(acked.body.data.map((a) => a.status)).toEqual(["ACTIVE_ACK", "ACTIVE_ACK", "ACTIVE_ACK"]);
    expect(acked.body.notFound).toEqual([foreign.id]);
    const cleared = await h.call<{ data: AlarmView[] }>("POST", "/api/v1/alarms/clear", {
      apiKey,
      body: { ids: ids.slice(0, 2) },
    });
    expect(cleared.body.data.map((a) => a.status)).toEqual(["CLEARED_ACK", "CLEARED_ACK"]);
    const theirs = await h.call<AlarmView>("GET", `/api/v1/alarms/${foreign.id}`, { cookie: other.cookie });
    expect(theirs.body.status).toBe("ACTIVE_UNACK");
    expect((await h.call("POST", "/api/v1/alarms/ack", { apiKey, body: { ids: [] } })).status).toBe(422);
  });

  it("counts active alarms by severity", async () => {
    const other = await h.signup("counts");
    const octx = alarmContext(h.deps, other.tenantId);
    const device = (
      await h.call<{ id: string }>("POST", "/api/v1/devices", { cookie: other.cookie, body: { name: "Counted" } })
    ).body;
    const r = (type: string, severity: "CRITICAL" | "MAJOR") =>
      raiseAlarm(octx, {
        originator: { type: "DEVICE", id: device.id },
        type,
        severity,
        details: null,
        ts: Date.now(),
      });
    await r("C1", "CRITICAL");
    const acked = (await r("C2", "CRITICAL")).alarm;
    await r("C3", "MAJOR");
    const cleared = (await r("C4", "MAJOR")).alarm;
    await h.call("POST", `/api/v1/alarms/${acked.id}/ack`, { cookie: other.cookie });
    await h.call("POST", `/api/v1/alarms/${cleared.id}/clear`, { cookie: other.cookie });
    const counts = await h.call("GET", "/api/v1/alarms/counts", { cookie: other.cookie });
    expect(counts.body).toEqual({
      total: 3,
      unacknowledged: 2,
      bySeverity: { CRITICAL: 2, MAJOR: 1, MINOR: 0, WARNING: 0, INDETERMINATE: 0 },
    });
    const ofDevice = await h.call<{ byOriginator: Record<string, { total: number; unacknowledged: number }> }>(
      "GET",
      `/api/v1/alarms/counts?originatorId=${device.id}`,
      { cookie: other.cookie },
    );
    expect(ofDevice.body.byOriginator[device.id]).toMatchObject({ total: 3, unacknowledged: 2 });
  });

  it("customer users see and act on their customer's alarms only", async () => {
    const customer = await post("/api/v1/customers", { title: "Viewer's customer" });
    const theirs = await post("/api/v1/devices", { name: "Customer's device", customerId: customer.id });
    const tenants = await post("/api/v1/devices", { name: "Tenant's device" });
    const own = (await raise(theirs.id, "Visible", "MAJOR")).alarm;
    const hidden = (await raise(tenants.id, "Hidden", "MAJOR")).alarm;
    const viewer = await createUser(h.deps.db.system, {
      tenantId,
      customerId: customer.id,
      role: "CUSTOMER_USER",
      password: "viewer password 1",
    });
    const cookie = (
      await h.call("POST", "/api/v1/auth/login", { body: { email: viewer.email, password: "viewer password 1" } })
    ).sessionCookie!;
    const list = await h.call<Page<AlarmView>>("GET", "/api/v1/alarms?pageSize=100", { cookie });
    expect(list.body.data.map((a) => a.id)).toEqual([own.id]);
    expect((await h.call("GET", `/api/v1/alarms/${hidden.id}`, { cookie })).status).toBe(404);
    expect((await h.call("POST", `/api/v1/alarms/${hidden.id}/ack`, { cookie })).status).toBe(404);
    expect((await h.call("POST", `/api/v1/alarms/${own.id}/ack`, { cookie })).status).toBe(200);
    expect((await h.call("POST", `/api/v1/alarms/${own.id}/comments`, { cookie, body: { text: "Seen" } })).status).toBe(
      201,
    );
    expect((await h.call("POST", `/api/v1/alarms/${own.id}/clear`, { cookie })).status).toBe(200);
    expect(
      (await h.call("POST", `/api/v1/alarms/${own.id}/assign`, { cookie, body: { userId: viewer.id } })).status,
    ).toBe(403);
    const bulk = await h.call<{ notFound: string[] }>("POST", "/api/v1/alarms/clear", {
      cookie,
      body: { ids: [hidden.id] },
    });
    expect(bulk.body.notFound).toEqual([hidden.id]);
    const counts = await h.call<{ total: number }>("GET", "/api/v1/alarms/counts", { cookie });
    expect(counts.body.total).toBe(0);
  });
});

describe("device-profile alarm rules", () => {
  const rules = [
    {
      alarmType: "High temperature",
      create: {
        CRITICAL: { conditions: [{ source: "TIME_SERIES", key: "temperature", op: ">", value: 40 }] },
        MAJOR: {
          conditions: [
            { source: "TIME_SERIES", key: "temperature", op: ">", value: { attribute: "maxTemperature", default: 30 } },
          ],
          durationSeconds: 300,
        },
        MINOR: { conditions: [{ source: "ATTRIBUTE", key: "door", op: "==", value: "open" }], repeats: 3 },
      },
      clear: { conditions: [{ source: "TIME_SERIES", key: "temperature", op: "<=", value: 25 }] },
      propagate: true,
      propagateRelationTypes: ["Contains"],
      schedule: {
        type: "SPECIFIC_TIME",
        timezone: "Europe/Berlin",
        daysOfWeek: [1, 2, 3, 4, 5],
        startsOn: 0,
        endsOn: 86_400_000,
      },
    },
    {
      alarmType: "Alarms switched on",
      create: {
        WARNING: {
          conditions: [{ source: "CONSTANT", constant: true, op: "==", value: { attribute: "alarmsEnabled" } }],
        },
      },
    },
  ];

  it("round-trip through PATCH and GET", async () => {
    const profile = await post("/api/v1/device-profiles", { name: "With rules" });
    const patched = await h.call<{ alarmRules: unknown }>("PATCH", `/api/v1/device-profiles/${profile.id}`, {
      apiKey,
      body: { alarmRules: rules },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.alarmRules).toEqual(rules);
    const read = await h.call<{ alarmRules: unknown; name: string }>("GET", `/api/v1/device-profiles/${profile.id}`, {
      apiKey,
    });
    expect(read.body).toMatchObject({ name: "With rules", alarmRules: rules });
    // Other fields leave the rules alone; an empty list removes them.
    await h.call("PATCH", `/api/v1/device-profiles/${profile.id}`, { apiKey, body: { description: "x" } });
    expect(
      (await h.call<{ alarmRules: unknown }>("GET", `/api/v1/device-profiles/${profile.id}`, { apiKey })).body
        .alarmRules,
    ).toEqual(rules);
    await h.call("PATCH", `/api/v1/device-profiles/${profile.id}`, { apiKey, body: { alarmRules: [] } });
    expect(
      (await h.call<{ alarmRules: unknown }>("GET", `/api/v1/device-profiles/${profile.id}`, { apiKey })).body
        .alarmRules,
    ).toEqual([]);
  });

  it("a bad rule is a 422 naming each field, and changes nothing", async () => {
    const profile = await post("/api/v1/device-profiles", { name: "Bad rules" });
    const bad = await h.call<{ error: { code: string; details: { path: (string | number)[] }[] } }>(
      "PATCH",
      `/api/v1/device-profiles/${profile.id}`,
      {
        apiKey,
        body: {
          alarmRules: [
            {
              alarmType: "High temperature",
              create: {
                CRITICAL: { conditions: [{ source: "TIME_SERIES", key: "temperature", op: "above", value: 40 }] },
                SEVERE: { conditions: [{ source: "TIME_SERIES", key: "t", op: ">", value: 1 }] },
                MAJOR: {
                  conditions: [{ source: "TIME_SERIES", key: "t", op: ">", value: 1 }],
                  durationSeconds: 60,
                  repeats: 3,
                },
              },
              clear: { conditions: [] },
            },
            { alarmType: "High temperature", create: {} },
          ],
        },
      },
    );
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe("VALIDATION_FAILED");
    const paths = bad.body.error.details.map((d) => d.path.join("."));
    expect(paths).toEqual(
      expect.arrayContaining([
        "alarmRules.0.create.CRITICAL.conditions.0.op",
        "alarmRules.0.create.MAJOR.repeats",
        "alarmRules.0.clear.conditions",
        "alarmRules.1.create",
      ]),
    );
    expect(paths.some((p) => p.startsWith("alarmRules.0.create"))).toBe(true);
    const read = await h.call<{ alarmRules: unknown }>("GET", `/api/v1/device-profiles/${profile.id}`, { apiKey });
    expect(read.body.alarmRules).toEqual([]);
  });
});
