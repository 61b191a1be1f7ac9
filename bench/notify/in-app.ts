import { Redis } from "ioredis";
import pg from "pg";

/**
 * The notification center's side of alarm → notification: each tenant gets an admin and a
 * notification rule "alarm created → in-app to the tenant's admins" (written as the API writes
 * them), and a listener on every user's notifications channel notes when each alarm's in-app
 * notification was pushed (the `created` event the console's bell receives over WebSocket).
 */
export async function installInAppRules(ownerUrl: string, tenantIds: readonly string[]): Promise<void> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query(
      `WITH t AS (SELECT unnest($1::uuid[]) AS id),
       users AS (
         INSERT INTO "User"("tenantId", email, name, role, "updatedAt")
         SELECT id, 'admin-' || id || '@bench.test', 'Bench admin', 'TENANT_ADMIN', now() FROM t
       ), templates AS (
         INSERT INTO "NotificationTemplate"("tenantId", name, "notificationType", channels, "updatedAt")
         SELECT id, 'Alarm', 'ALARM',
           '{"IN_APP":{"subject":"\${alarmType} on \${deviceName}","body":"\${severity}: \${data.temperature}"}}'::jsonb, now()
         FROM t RETURNING id, "tenantId"
       ), targets AS (
         INSERT INTO "NotificationTarget"("tenantId", name, type, configuration, "updatedAt")
         SELECT id, 'Admins', 'PLATFORM_USERS', '{"users":{"type":"TENANT_ADMINS"}}'::jsonb, now()
         FROM t RETURNING id, "tenantId"
       )
       INSERT INTO "NotificationRule"("tenantId", name, "triggerType", "triggerConfig", "templateId", "targetIds", "updatedAt")
       SELECT templates."tenantId", 'Alarm created', 'ALARM', '{"events":["CREATED"]}'::jsonb, templates.id,
         ARRAY[targets.id], now()
       FROM templates JOIN targets USING ("tenantId")`,
      [tenantIds],
    );
  } finally {
    await client.end();
  }
}

/** Notes when each alarm's first in-app notification was pushed (epoch ms, by alarm id). */
export async function listenForInApp(redisUrl: string) {
  const pushedAt = new Map<string, number>();
  const subscriber = new Redis(redisUrl);
  subscriber.on("pmessage", (_pattern: string, _channel: string, text: string) => {
    const at = Date.now();
    try {
      const event = JSON.parse(text) as { kind?: string; notification?: { info?: { alarmId?: unknown } } };
      const alarmId = event.notification?.info?.alarmId;
      if (event.kind === "created" && typeof alarmId === "string" && !pushedAt.has(alarmId)) pushedAt.set(alarmId, at);
    } catch {
      // not a notification event
    }
  });
  await subscriber.psubscribe("notifications:*");
  return {
    get count() {
      return pushedAt.size;
    },
    /**
     * Alarm created → in-app notification pushed, in ms, for the alarms pushed so far: from the
     * alarm row's creation (its transaction's start, a few ms before the webhook's `createdAt`, the
     * alarm event's).
     */
    async latencies(ownerUrl: string): Promise<number[]> {
      if (pushedAt.size === 0) return [];
      const client = new pg.Client({ connectionString: ownerUrl });
      await client.connect();
      try {
        const { rows } = await client.query<{ id: string; created: string }>(
          `SELECT id, (extract(epoch FROM "createdAt") * 1000)::float8 AS created FROM "Alarm" WHERE id = ANY($1::uuid[])`,
          [[...pushedAt.keys()]],
        );
        return rows.map((r) => pushedAt.get(r.id)! - Number(r.created));
      } finally {
        await client.end();
      }
    },
    /**
     * Where the time went, per alarm pushed (ms from the alarm row's creation): its NotificationRequest row
     * written (the rule step), its delivery rows and its inbox row (both written by the rule step's in-app
     * transaction since 94a9979, by the workflow's prepare and deliver activities before), the push heard here.
     */
    async stages(ownerUrl: string): Promise<{ request: number; prepared: number; inbox: number; pushed: number }[]> {
      if (pushedAt.size === 0) return [];
      const client = new pg.Client({ connectionString: ownerUrl });
      await client.connect();
      try {
        const ms = (column: string) => `(extract(epoch FROM ${column}) * 1000)::float8`;
        const { rows } = await client.query<{ id: string; a: number; r: number; d: number; n: number }>(
          `SELECT a.id, ${ms('a."createdAt"')} AS a, ${ms('r."createdAt"')} AS r,
             ${ms('(SELECT min(d."createdAt") FROM "NotificationDelivery" d WHERE d."requestId" = r.id)')} AS d,
             ${ms('(SELECT min(n."createdAt") FROM "Notification" n WHERE n."requestId" = r.id)')} AS n
           FROM "Alarm" a JOIN "NotificationRequest" r ON r."originatorId" = a.id
           WHERE a.id = ANY($1::uuid[])`,
          [[...pushedAt.keys()]],
        );
        return rows.map((row) => ({
          request: row.r - row.a,
          prepared: row.d - row.a,
          inbox: row.n - row.a,
          pushed: pushedAt.get(row.id)! - row.a,
        }));
      } finally {
        await client.end();
      }
    },
    close: () => subscriber.quit(),
  };
}
