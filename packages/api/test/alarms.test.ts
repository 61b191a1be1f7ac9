import { readRuleEngineEntry, RULE_ENGINE_PARTITIONS, ruleEngineStream } from "@industryos/device-protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alarmContext, type AlarmContext } from "../src/services/alarms/alarm-context.ts";
import { clearAlarmOf } from "../src/services/alarms/clear-alarm-of.ts";
import { raiseAlarm } from "../src/services/alarms/raise-alarm.ts";
import { startApiHarness, type ApiHarness } from "../src/testing/api-harness.ts";

let h: ApiHarness;
let apiKey: string;
let tenantId: string;
let ctx: AlarmContext;

const post = async <T = { id: string }>(path: string, body: unknown) => {
  const r = await h.call<T>("POST", path, { apiKey, body });
  if (r.status >= 300) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
};

/** The platform events on the rule-engine streams about this originator, oldest first. */
async function streamEvents(originatorId: string) {
  const events: Record<string, unknown>[] = [];
  for (let p = 0; p < RULE_ENGINE_PARTITIONS; p++) {
    const entries = await h.deps.redis.xrange(ruleEngineStream(p), "-", "+");
    for (const [, fields] of entries)
      for (const message of readRuleEngineEntry(fields) as Record<string, unknown>[])
        if (message.originatorId === originatorId) events.push(message);
  }
  return events;
}

beforeAll(async () => {
  h = await startApiHarness();
  const admin = await h.signup("alarms");
  tenantId = admin.tenantId;
  apiKey = (await h.call<{ key: string }>("POST", "/api/v1/api-keys", { cookie: admin.cookie, body: { name: "ci" } }))
    .body.key;
  ctx = alarmContext(h.deps, tenantId);
});
afterAll(async () => h?.close());

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
