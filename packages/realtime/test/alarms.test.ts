import { createAsset, createCustomer, createDevice, createTenant } from "@industryos/db/testing";
import { alarmsChannel } from "@industryos/device-protocol";
import { toAlarmView } from "@industryos/device-protocol/alarm-view";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AlarmCountsMessage, AlarmInfo, AlarmsMessage } from "../src/protocol/index.ts";
import { RealtimeHarness, type RealtimeNode } from "./support/harness.ts";

let h: RealtimeHarness;
let node: RealtimeNode;
let tenantId: string;
let customerId: string;
let adminToken: string;
let customerToken: string;

beforeAll(async () => {
  h = await RealtimeHarness.start();
  node = await h.startNode();
  tenantId = (await createTenant(h.db.system)).id;
  customerId = (await createCustomer(h.db.system, { tenantId })).id;
  adminToken = h.grant({ tenantId, userId: "admin-1", scopes: [] });
  customerToken = h.grant({ tenantId, userId: "customer-user-1", customerId, scopes: [] });
});
afterAll(() => h.stop());

const device = async (extra: Record<string, unknown> = {}) =>
  (await createDevice(h.db.system, { tenantId, ...extra })).device;

/** An alarm row and its view, as the API stores and publishes it. */
async function raise(
  originatorId: string,
  options: {
    type?: string;
    severity?: AlarmInfo["severity"];
    customerId?: string | null;
    propagatedTo?: string[];
  } = {},
): Promise<AlarmInfo> {
  const row = await h.db.system.alarm.create({
    data: {
      tenantId,
      originatorType: "DEVICE",
      originatorId,
      type: options.type ?? "High temperature",
      severity: options.severity ?? "MAJOR",
      customerId: options.customerId ?? null,
      propagateRelationTypes: [],
    },
  });
  for (const entityId of options.propagatedTo ?? [])
    await h.db.system.alarmPropagation.create({ data: { tenantId, alarmId: row.id, entityType: "ASSET", entityId } });
  return toAlarmView(row, null);
}

/** Publishes a change exactly as the API does after committing it (alarm-events.ts). */
async function publish(change: string, alarm: AlarmInfo, propagatedTo: string[] = []) {
  await h.redis.publish(alarmsChannel(tenantId), JSON.stringify({ change, alarm, propagatedTo }));
}

async function clear(alarm: AlarmInfo): Promise<AlarmInfo> {
  const row = await h.db.system.alarm.update({ where: { id: alarm.id }, data: { cleared: true, clearTs: new Date() } });
  return toAlarmView(row, null);
}

const changesOf = (messages: AlarmsMessage[]) => messages.filter((m) => !m.initial).flatMap((m) => m.changes ?? []);

describe("subscribeAlarms", () => {
  it("sends the originator's active alarms, then each change, including alarms propagated to it", async () => {
    const d = await device();
    const other = await device();
    const asset = (await createAsset(h.db.system, { tenantId })).id;
    const active = await raise(d.id, { severity: "CRITICAL" });
    const old = await clear(await raise(d.id, { type: "Door open" }));
    await raise(other.id);

    const client = await h.connectWithCookie(node, adminToken);
    client.send({ type: "subscribeAlarms", cmdId: 1, originator: { type: "DEVICE", id: d.id } });
    expect(await client.next((m) => m.type === "subscribed" && m.cmdId === 1)).toEqual({
      type: "subscribed",
      cmdId: 1,
      entities: [],
      originator: { type: "DEVICE", id: d.id, name: d.name },
    });
    const initial = await client.next<AlarmsMessage>((m) => m.type === "alarms" && m.cmdId === 1);
    expect(initial.initial).toBe(true);
    expect(initial.alarms!.map((a) => a.id)).toEqual([active.id]);
    expect(initial.alarms![0]).toMatchObject({ severity: "CRITICAL", status: "ACTIVE_UNACK", originatorName: d.name });
    expect(initial.alarms!.some((a) => a.id === old.id)).toBe(false);

    // Another device's alarm is not this subscription's; one propagated to the asset is the asset's.
    const elsewhere = await raise(other.id, { type: "Elsewhere" });
    await publish("created", elsewhere);
    const fresh = await raise(d.id, { type: "Vibration" });
    await publish("created", fresh);
    const live = await client.next<AlarmsMessage>((m) => m.type === "alarms" && m.cmdId === 1 && !m.initial);
    expect(live.changes).toEqual([{ change: "created", alarm: fresh }]);
    await publish("cleared", await clear(fresh));
    await expect
      .poll(() => changesOf(client.of(1, "alarms")).map((c) => [c.change, c.alarm.id, c.alarm.cleared]))
      .toEqual([
        ["created", fresh.id, false],
        ["cleared", fresh.id, true],
      ]);

    client.send({ type: "subscribeAlarms", cmdId: 2, originator: { type: "ASSET", id: asset } });
    await client.next((m) => m.type === "alarms" && m.cmdId === 2);
    const propagated = await raise(other.id, { type: "Propagated", propagatedTo: [asset] });
    await publish("created", propagated, [asset]);
    const onAsset = await client.next<AlarmsMessage>((m) => m.type === "alarms" && m.cmdId === 2 && !m.initial);
    expect(onAsset.changes!.map((c) => c.alarm.id)).toEqual([propagated.id]);
    expect(changesOf(client.of(1, "alarms")).some((c) => c.alarm.id === propagated.id)).toBe(false);
    client.close();
  });

  it("shows a customer user only its customer's alarms, and no other customer's originator", async () => {
    const mine = await device({ customerId });
    const tenantDevice = await device();
    const own = await raise(mine.id, { customerId });
    const tenantOnly = await raise(tenantDevice.id);

    const client = await h.connectWithCookie(node, customerToken);
    client.send({ type: "subscribeAlarms", cmdId: 1 });
    const initial = await client.next<AlarmsMessage>((m) => m.type === "alarms" && m.cmdId === 1);
    const ids = initial.alarms!.map((a) => a.id);
    expect(ids).toContain(own.id);
    expect(ids).not.toContain(tenantOnly.id);
    expect(initial.alarms!.every((a) => a.customerId === customerId)).toBe(true);

    await publish("created", await raise(tenantDevice.id, { type: "Not yours" }));
    const next = await raise(mine.id, { type: "Yours", customerId });
    await publish("created", next);
    const live = await client.next<AlarmsMessage>((m) => m.type === "alarms" && m.cmdId === 1 && !m.initial);
    expect(live.changes!.map((c) => c.alarm.id)).toEqual([next.id]);

    client.send({ type: "subscribeAlarms", cmdId: 2, originator: { type: "DEVICE", id: tenantDevice.id } });
    expect(await client.next((m) => m.type === "error" && m.cmdId === 2)).toMatchObject({
      error: { code: "NOT_FOUND" },
    });

    // The tenant admin sees both.
    const admin = await h.connectWithCookie(node, adminToken);
    admin.send({ type: "subscribeAlarms", cmdId: 1 });
    const all = await admin.next<AlarmsMessage>((m) => m.type === "alarms" && m.cmdId === 1);
    expect(all.alarms!.map((a) => a.id)).toEqual(expect.arrayContaining([own.id, tenantOnly.id]));
    client.close();
    admin.close();
  });

  it("refuses a public dashboard link with a clear error", async () => {
    const token = h.grant({ tenantId, customerId, scopes: [], allowedSources: [] });
    const client = await h.connectWithCookie(node, token);
    client.send({ type: "subscribeAlarms", cmdId: 1 });
    const error = await client.next((m) => m.type === "error" && m.cmdId === 1);
    expect(error).toMatchObject({ error: { code: "NOT_FOUND", message: expect.stringContaining("public dashboard") } });
    client.close();
  });
});

describe("subscribeAlarmCounts", () => {
  it("counts active alarms by severity and pushes new counts on change", async () => {
    const d = await device();
    await raise(d.id, { severity: "CRITICAL" });
    await raise(d.id, { type: "Minor one", severity: "MINOR" });
    const client = await h.connectWithCookie(node, adminToken);
    client.send({ type: "subscribeAlarmCounts", cmdId: 1, originator: { type: "DEVICE", id: d.id } });
    const initial = await client.next<AlarmCountsMessage>((m) => m.type === "alarmCounts" && m.cmdId === 1);
    expect(initial).toEqual({
      type: "alarmCounts",
      cmdId: 1,
      initial: true,
      counts: {
        total: 2,
        unacknowledged: 2,
        bySeverity: { CRITICAL: 1, MAJOR: 0, MINOR: 1, WARNING: 0, INDETERMINATE: 0 },
      },
    });

    const major = await raise(d.id, { type: "Major one", severity: "MAJOR" });
    await publish("created", major);
    const next = await client.next<AlarmCountsMessage>((m) => m.type === "alarmCounts" && !m.initial);
    expect(next.counts).toMatchObject({ total: 3, bySeverity: { CRITICAL: 1, MAJOR: 1, MINOR: 1 } });

    await publish("cleared", await clear(major));
    await expect.poll(() => client.of(1, "alarmCounts").at(-1)?.counts.total).toBe(2);
    client.close();
  });

  it("counts only the customer's alarms for a customer user", async () => {
    const customer = (await createCustomer(h.db.system, { tenantId })).id;
    const token = h.grant({ tenantId, userId: "customer-user-2", customerId: customer, scopes: [] });
    const d = await device({ customerId: customer });
    await raise(d.id, { customerId: customer, severity: "WARNING" });
    await raise((await device()).id, { severity: "WARNING" });
    const client = await h.connectWithCookie(node, token);
    client.send({ type: "subscribeAlarmCounts", cmdId: 1 });
    const initial = await client.next<AlarmCountsMessage>((m) => m.type === "alarmCounts" && m.cmdId === 1);
    expect(initial.counts).toMatchObject({ total: 1, bySeverity: { WARNING: 1 } });
    client.close();
  });
});
