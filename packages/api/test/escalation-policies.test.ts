import { randomUUID } from "node:crypto";
import { createDevice, createUser } from "@industryos/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alarmContext } from "../src/services/alarms/alarm-context.ts";
import { raiseAlarm } from "../src/services/alarms/raise-alarm.ts";
import type { AlarmEscalationView, EscalationPolicyView } from "../src/services/escalation-policies/schemas.ts";
import { startApiHarness, type ApiHarness, type CallOptions } from "../src/testing/api-harness.ts";
import { createTarget, createTemplate } from "./support/notification-fixtures.ts";

interface ErrorBody {
  error: { code: string; message: string; details?: { path: string[]; message: string }[] };
}

let h: ApiHarness;
let admin: { cookie: string; tenantId: string };
let template: string;
let onCall: string;
let managers: string;

const call = <T = unknown>(method: string, path: string, options: CallOptions = {}) =>
  h.call<T>(method, `/api/v1${path}`, { cookie: admin.cookie, ...options });

beforeAll(async () => {
  h = await startApiHarness();
  admin = await h.signup("escalation");
  template = await createTemplate(h.deps.db, admin.tenantId, "Alarm raised");
  onCall = await createTarget(h.deps.db, admin.tenantId, "On call");
  managers = await createTarget(h.deps.db, admin.tenantId, "Managers");
});
afterAll(async () => h?.close());

const policy = () => ({
  name: `Critical ${randomUUID().slice(0, 6)}`,
  severities: ["CRITICAL"],
  levels: [
    { afterMinutes: 10, targetIds: [onCall], templateId: template },
    { afterMinutes: 30, targetIds: [managers] },
  ],
  repeatEveryMinutes: 60,
  repeatLimit: 3,
});

describe("escalation policies", () => {
  it("creates, reads, lists, updates and deletes a policy", async () => {
    const created = await call<EscalationPolicyView>("POST", "/escalation-policies", { body: policy() });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      enabled: true,
      alarmTypes: [],
      severities: ["CRITICAL"],
      levels: policy().levels,
      repeatEveryMinutes: 60,
      repeatLimit: 3,
    });
    const id = created.body.id;
    expect((await call("GET", `/escalation-policies/${id}`)).body).toEqual(created.body);
    const list = await call<{ data: EscalationPolicyView[] }>("GET", "/escalation-policies");
    expect(list.body.data.map((p) => p.id)).toContain(id);

    const updated = await call<EscalationPolicyView>("PATCH", `/escalation-policies/${id}`, {
      body: { enabled: false, repeatEveryMinutes: null, repeatLimit: null, alarmTypes: ["Overheat"] },
    });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    expect(updated.body).toMatchObject({
      enabled: false,
      repeatEveryMinutes: null,
      repeatLimit: null,
      alarmTypes: ["Overheat"],
    });

    expect((await call("DELETE", `/escalation-policies/${id}`)).status).toBe(204);
    expect((await call("GET", `/escalation-policies/${id}`)).status).toBe(404);
  });

  it("says which level is wrong and why", async () => {
    const bad = async (body: Record<string, unknown>, method = "POST", path = "/escalation-policies") => {
      const result = await call<ErrorBody>(method, path, { body: { ...policy(), ...body } });
      expect(result.status, JSON.stringify(result.body)).toBe(422);
      return result.body.error;
    };
    const order = await bad({
      levels: [
        { afterMinutes: 30, targetIds: [onCall], templateId: template },
        { afterMinutes: 30, targetIds: [managers] },
      ],
    });
    expect(order.details).toContainEqual({
      path: ["levels", "1", "afterMinutes"],
      message: "Must be later than level 1 (30 minutes)",
    });
    const noTemplate = await bad({ levels: [{ afterMinutes: 5, targetIds: [onCall] }] });
    expect(noTemplate.details).toContainEqual({
      path: ["levels", "0", "templateId"],
      message: "The first level needs a template",
    });
    expect((await bad({ levels: [] })).details?.[0]?.path).toEqual(["levels"]);
    expect((await bad({ repeatEveryMinutes: null, repeatLimit: 2 })).details?.[0]?.path).toEqual(["repeatLimit"]);

    const other = await h.signup("other");
    const theirs = await createTarget(h.deps.db, other.tenantId, "Theirs");
    const foreign = await bad({
      levels: [
        { afterMinutes: 0, targetIds: [onCall], templateId: template },
        { afterMinutes: 15, targetIds: [managers, theirs] },
      ],
    });
    expect(foreign.message).toBe("Level 2: No such notification target");
    expect(foreign.details).toEqual([
      { path: ["levels", "1", "targetIds", "1"], message: "No such notification target" },
    ]);

    const wrongKind = await createTemplate(h.deps.db, admin.tenantId, "Entity changed", "ENTITY_ACTION");
    const kind = await bad({ levels: [{ afterMinutes: 0, targetIds: [onCall], templateId: wrongKind }] });
    expect(kind.details).toEqual([
      { path: ["levels", "0", "templateId"], message: '"Entity changed" is not written for alarm notifications' },
    ]);

    const created = await call<EscalationPolicyView>("POST", "/escalation-policies", { body: policy() });
    const limitAlone = await call<ErrorBody>("PATCH", `/escalation-policies/${created.body.id}`, {
      body: { repeatEveryMinutes: null },
    });
    expect(limitAlone.status).toBe(422);
    expect(limitAlone.body.error.details?.[0]?.path).toEqual(["repeatLimit"]);
  });
});

describe("an alarm's escalations", () => {
  it("shows where each stands and what it sent, to whoever may see the alarm", async () => {
    const db = h.deps.db.forTenant(admin.tenantId);
    const customer = await db.customer.create({ data: { tenantId: admin.tenantId, title: "Acme" } });
    const { device } = await createDevice(h.deps.db.system, {
      tenantId: admin.tenantId,
      name: "Boiler",
      customerId: customer.id,
    });
    const { alarm } = await raiseAlarm(alarmContext(h.deps, admin.tenantId), {
      originator: { type: "DEVICE", id: device.id },
      type: "Overheat",
      severity: "CRITICAL",
      details: { temperature: 97 },
      ts: Date.now(),
    });
    const created = await call<EscalationPolicyView>("POST", "/escalation-policies", { body: policy() });
    const request = await db.notificationRequest.create({
      data: {
        tenantId: admin.tenantId,
        templateId: template,
        targetIds: [onCall],
        dedupKey: randomUUID(),
        status: "SENT",
      },
    });
    const sentAt = new Date(alarm.startTs + 10 * 60_000);
    const nextAt = new Date(alarm.startTs + 30 * 60_000);
    await db.alarmEscalation.create({
      data: {
        tenantId: admin.tenantId,
        alarmId: alarm.id,
        policyId: created.body.id,
        workflowId: `alarm-escalation:${alarm.id}:${created.body.id}`,
        currentLevel: 0,
        nextLevelAt: nextAt,
        history: [{ level: 0, repeat: 0, at: sentAt.toISOString(), requestId: request.id, targetIds: [onCall] }],
      },
    });

    const expected = {
      data: [
        {
          policyId: created.body.id,
          policyName: created.body.name,
          status: "RUNNING",
          currentLevel: 0,
          levelCount: 2,
          nextLevelAt: nextAt.toISOString(),
          sent: [
            {
              level: 0,
              repeat: 0,
              at: sentAt.toISOString(),
              requestId: request.id,
              targetIds: [onCall],
              status: "SENT",
            },
          ],
        },
      ],
    };
    const result = await call<{ data: AlarmEscalationView[] }>("GET", `/alarms/${alarm.id}/escalations`);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject(expected);

    // The customer's user sees its customer's alarm's escalations; another customer's user gets 404.
    const login = async (customerId: string) => {
      const user = await createUser(h.deps.db.system, {
        tenantId: admin.tenantId,
        customerId,
        role: "CUSTOMER_USER",
        password: "customer password 1",
      });
      return (
        await h.call("POST", "/api/v1/auth/login", { body: { email: user.email, password: "customer password 1" } })
      ).sessionCookie!;
    };
    const own = await call("GET", `/alarms/${alarm.id}/escalations`, { cookie: await login(customer.id) });
    expect(own.body).toMatchObject(expected);
    const stranger = await db.customer.create({ data: { tenantId: admin.tenantId, title: "Other customer" } });
    const denied = await call("GET", `/alarms/${alarm.id}/escalations`, { cookie: await login(stranger.id) });
    expect(denied.status).toBe(404);
  });
});
