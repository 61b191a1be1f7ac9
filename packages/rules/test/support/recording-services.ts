import type { AlarmChange, Originator, RuleMessage, RuleServices } from "../../src/index.ts";

/**
 * RuleServices that keep what nodes did in memory, for the library's own tests. The workers'
 * implementation over PostgreSQL and Redis is tested there, against the real services.
 */
export function recordingServices() {
  const alarms = new Map<string, { id: string; severity: string; details: unknown; cleared: boolean }>();
  const saved: { originator: Originator; ts: number; values: Record<string, unknown> }[] = [];
  const replies: { deviceId: string; requestId: number; body: unknown }[] = [];
  const requests: { url: string; method: string; body: string }[] = [];
  const logs: string[] = [];
  let nextStatus = 200;
  const key = (o: Originator, type: string) => `${o.id}/${type}`;

  const services: RuleServices = {
    alarms: {
      async createOrUpdate(_tenantId, originator, alarm): Promise<AlarmChange> {
        const existing = alarms.get(key(originator, alarm.type));
        if (existing && !existing.cleared) {
          const changed = existing.severity !== alarm.severity;
          Object.assign(existing, { severity: alarm.severity, details: alarm.details });
          return { alarmId: existing.id, change: changed ? "updated" : "unchanged" };
        }
        const id = `alarm-${alarms.size + 1}`;
        alarms.set(key(originator, alarm.type), {
          id,
          severity: alarm.severity,
          details: alarm.details,
          cleared: false,
        });
        return { alarmId: id, change: "created" };
      },
      async clear(_tenantId, originator, type) {
        const existing = alarms.get(key(originator, type));
        if (!existing || existing.cleared) return null;
        existing.cleared = true;
        return { alarmId: existing.id, change: "cleared" };
      },
    },
    telemetry: {
      async save(_tenantId, originator, ts, values) {
        saved.push({ originator, ts, values });
      },
    },
    rpc: {
      async reply(_tenantId, deviceId, requestId, body) {
        replies.push({ deviceId, requestId, body });
      },
    },
    http: {
      async send(request) {
        requests.push(request);
        return { status: nextStatus, body: JSON.stringify({ received: true }) };
      },
    },
    log(_message: RuleMessage, text: string) {
      logs.push(text);
    },
  };
  return {
    services,
    alarms,
    saved,
    replies,
    requests,
    logs,
    answerWith(status: number) {
      nextStatus = status;
    },
  };
}
