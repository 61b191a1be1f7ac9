import { randomUUID } from "node:crypto";
import { NOTIFICATION_RULES_CHANGED_CHANNEL } from "@industryos/device-protocol";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NotificationRuleView } from "../src/services/notification-rules/schemas.ts";
import { startApiHarness, type ApiHarness, type CallOptions } from "../src/testing/api-harness.ts";
import { createTarget, createTemplate } from "./support/notification-fixtures.ts";

interface ErrorBody {
  error: { code: string; message: string; details?: { path: string[]; message: string }[] };
}

let h: ApiHarness;
let admin: { cookie: string; tenantId: string };
let subscriber: Redis;
const published: string[] = [];
let alarmTemplate: string;
let inactivityTemplate: string;
let onCall: string;
let managers: string;

const call = <T = unknown>(method: string, path: string, options: CallOptions = {}) =>
  h.call<T>(method, `/api/v1${path}`, { cookie: admin.cookie, ...options });

beforeAll(async () => {
  h = await startApiHarness();
  admin = await h.signup("rules");
  alarmTemplate = await createTemplate(h.deps.db, admin.tenantId, "Alarm raised");
  inactivityTemplate = await createTemplate(h.deps.db, admin.tenantId, "Device silent", "DEVICE_INACTIVITY");
  onCall = await createTarget(h.deps.db, admin.tenantId, "On call");
  managers = await createTarget(h.deps.db, admin.tenantId, "Managers");
  subscriber = new Redis(process.env.REDIS_URL!);
  await subscriber.subscribe(NOTIFICATION_RULES_CHANGED_CHANNEL);
  subscriber.on("message", (_channel, text: string) => {
    // The channel is shared by every test file on this Redis: keep this tenant's changes.
    if ((JSON.parse(text) as { tenantId: string }).tenantId === admin.tenantId) published.push(text);
  });
});
afterAll(async () => {
  await subscriber?.quit();
  await h?.close();
});

const criticalAlarms = () => ({
  name: `Critical alarms ${randomUUID().slice(0, 6)}`,
  triggerType: "ALARM",
  triggerConfig: { events: ["CREATED", "SEVERITY_CHANGED"], severities: ["CRITICAL"], alarmTypes: ["Overheat"] },
  templateId: alarmTemplate,
  targetIds: [onCall, managers],
});

describe("notification rules", () => {
  it("creates, reads, lists, updates and deletes a rule, telling the workers each time", async () => {
    published.length = 0;
    const created = await call<NotificationRuleView>("POST", "/notification-rules", { body: criticalAlarms() });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      enabled: true,
      triggerType: "ALARM",
      triggerConfig: { events: ["CREATED", "SEVERITY_CHANGED"], severities: ["CRITICAL"] },
      templateId: alarmTemplate,
      templateName: "Alarm raised",
      targetIds: [onCall, managers],
    });
    const id = created.body.id;
    expect((await call<NotificationRuleView>("GET", `/notification-rules/${id}`)).body).toEqual(created.body);

    const listed = await call<{ data: NotificationRuleView[]; total: number }>(
      "GET",
      "/notification-rules?triggerType=ALARM&enabled=true",
    );
    expect(listed.body.data.map((r) => r.id)).toContain(id);

    const updated = await call<NotificationRuleView>("PATCH", `/notification-rules/${id}`, {
      body: { triggerConfig: { events: ["CLEARED"] }, targetIds: [managers] },
    });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    expect(updated.body).toMatchObject({ triggerConfig: { events: ["CLEARED"] }, targetIds: [managers] });

    const disabled = await call<NotificationRuleView>("POST", `/notification-rules/${id}/disable`);
    expect(disabled.body.enabled).toBe(false);
    const disabledList = await call<{ data: NotificationRuleView[] }>("GET", "/notification-rules?enabled=true");
    expect(disabledList.body.data.map((r) => r.id)).not.toContain(id);
    expect((await call<NotificationRuleView>("POST", `/notification-rules/${id}/enable`)).body.enabled).toBe(true);

    expect((await call("DELETE", `/notification-rules/${id}`)).status).toBe(204);
    expect((await call("GET", `/notification-rules/${id}`)).status).toBe(404);
    await expect.poll(() => published.length).toBe(5);
    expect(published.map((p) => JSON.parse(p) as unknown)).toEqual(Array(5).fill({ tenantId: admin.tenantId }));
  });

  it("checks each trigger's filters and says which field is wrong", async () => {
    const bad = async (body: Record<string, unknown>) => {
      const result = await call<ErrorBody>("POST", "/notification-rules", { body: { ...criticalAlarms(), ...body } });
      expect(result.status).toBe(422);
      return result.body.error.details!.map((d) => d.path.join("."));
    };
    expect(await bad({ triggerConfig: { events: [] } })).toContain("triggerConfig.events");
    expect(await bad({ triggerConfig: { events: ["EXPLODED"] } })).toContain("triggerConfig.events.0");
    expect(await bad({ triggerType: "ALARM_UNACKNOWLEDGED", triggerConfig: { afterMinutes: 0 } })).toContain(
      "triggerConfig.afterMinutes",
    );
    expect(
      await bad({ triggerType: "ENTITY_ACTION", triggerConfig: { entityTypes: ["DEVICE"], actions: ["EXPLODED"] } }),
    ).toContain("triggerConfig.actions.0");
    expect(await bad({ triggerType: "DEVICE_INACTIVITY", triggerConfig: { deviceIds: ["not-a-uuid"] } })).toContain(
      "triggerConfig.deviceIds.0",
    );
    expect(await bad({ targetIds: [] })).toContain("targetIds");
    // An unknown key is refused rather than silently ignored: a typo in a filter would match everything.
    expect(await bad({ triggerConfig: { events: ["CREATED"], severity: ["CRITICAL"] } })).toContain("triggerConfig");
  });

  it("refuses a template or target that is not the tenant's, or a template for another kind of event", async () => {
    const other = await h.signup("other");
    const theirTemplate = await createTemplate(h.deps.db, other.tenantId, "Theirs");
    const theirTarget = await createTarget(h.deps.db, other.tenantId, "Theirs");

    const template = await call<ErrorBody>("POST", "/notification-rules", {
      body: { ...criticalAlarms(), templateId: theirTemplate },
    });
    expect(template.status).toBe(422);
    expect(template.body.error.details).toEqual([{ path: ["templateId"], message: "No such notification template" }]);

    const target = await call<ErrorBody>("POST", "/notification-rules", {
      body: { ...criticalAlarms(), targetIds: [onCall, theirTarget] },
    });
    expect(target.status).toBe(422);
    expect(target.body.error.details).toEqual([{ path: ["targetIds", "1"], message: "No such notification target" }]);

    const kind = await call<ErrorBody>("POST", "/notification-rules", {
      body: { ...criticalAlarms(), templateId: inactivityTemplate },
    });
    expect(kind.status).toBe(422);
    expect(kind.body.error.message).toBe(
      '"Device silent" is written for device inactivity notifications; pick one for alarm notifications',
    );
    // An alarm template serves "unacknowledged for N minutes" too.
    const unack = await call("POST", "/notification-rules", {
      body: { ...criticalAlarms(), triggerType: "ALARM_UNACKNOWLEDGED", triggerConfig: { afterMinutes: 15 } },
    });
    expect(unack.status, JSON.stringify(unack.body)).toBe(201);
  });

  it("changes a rule's trigger type only together with a configuration that fits it", async () => {
    const created = await call<NotificationRuleView>("POST", "/notification-rules", { body: criticalAlarms() });
    const id = created.body.id;
    const typeAlone = await call<ErrorBody>("PATCH", `/notification-rules/${id}`, {
      body: { triggerType: "ENTITY_ACTION", templateId: inactivityTemplate },
    });
    expect(typeAlone.status).toBe(422);
    expect(typeAlone.body.error.details?.[0]?.path).toEqual(["triggerConfig"]);

    const misfit = await call<ErrorBody>("PATCH", `/notification-rules/${id}`, {
      body: { triggerConfig: { afterMinutes: 5 } },
    });
    expect(misfit.status).toBe(422);
    expect(misfit.body.error.details?.map((d) => d.path.join("."))).toContain("triggerConfig.events");

    const moved = await call<NotificationRuleView>("PATCH", `/notification-rules/${id}`, {
      body: { triggerType: "DEVICE_INACTIVITY", triggerConfig: {}, templateId: inactivityTemplate },
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({
      triggerType: "DEVICE_INACTIVITY",
      triggerConfig: {},
      templateName: "Device silent",
    });
    expect((await call<NotificationRuleView>("GET", `/notification-rules/${id}`)).body.triggerType).toBe(
      "DEVICE_INACTIVITY",
    );
  });

  it("answers 409 for a second rule of the same name, and keeps a deleted rule's requests", async () => {
    const body = criticalAlarms();
    const first = await call<NotificationRuleView>("POST", "/notification-rules", { body });
    expect((await call("POST", "/notification-rules", { body })).status).toBe(409);
    const request = await h.deps.db.forTenant(admin.tenantId).notificationRequest.create({
      data: {
        tenantId: admin.tenantId,
        ruleId: first.body.id,
        templateId: alarmTemplate,
        targetIds: [onCall],
        dedupKey: randomUUID(),
      },
    });
    expect((await call("DELETE", `/notification-rules/${first.body.id}`)).status).toBe(204);
    const kept = await h.deps.db
      .forTenant(admin.tenantId)
      .notificationRequest.findUnique({ where: { id: request.id } });
    expect(kept).toMatchObject({ id: request.id, ruleId: null });
  });
});
