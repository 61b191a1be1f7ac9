import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseClients } from "@industryos/db";
import { createDeliveryStore, type NewDelivery } from "../src/webhooks/delivery-store.ts";
import { inTenantsOneRoundTrip } from "../src/webhooks/tenants-in-one-round-trip.ts";
import { closeTestDatabase, testDatabase } from "./support/rule-engine.ts";
import { addWebhook, tenantWithDevice, testSecrets } from "./support/webhooks.ts";

const secrets = testSecrets();
let db: DatabaseClients;

beforeAll(async () => {
  db = await testDatabase();
});
afterAll(async () => {
  await closeTestDatabase();
});

async function tenantWithWebhook() {
  const { tenantId } = await tenantWithDevice(db);
  const hook = await addWebhook(db, secrets, tenantId, "http://127.0.0.1:9/hook", ["telemetry"]);
  return { tenantId, webhookId: hook.id };
}

function delivery(tenantId: string, webhookId: string, body = '{"id":"e","type":"telemetry"}'): NewDelivery {
  return {
    id: crypto.randomUUID(),
    tenantId,
    webhookId,
    eventId: crypto.randomUUID(),
    eventType: "telemetry",
    body,
    createdAt: new Date(),
  };
}

describe("webhook batches: many tenants in one round trip", () => {
  it("runs each tenant's statement as that tenant, and all of them or none", async () => {
    const a = await tenantWithWebhook();
    const b = await tenantWithWebhook();
    const seen = `SELECT current_setting('app.tenant_id') AS tenant, count(*)::int AS webhooks, $rows::json AS rows FROM "Webhook"`;
    const results = await inTenantsOneRoundTrip<{ tenant: string; webhooks: number; rows: unknown }>(db.appPool, [
      { tenantId: a.tenantId, sql: seen, rows: "[1]" },
      { tenantId: b.tenantId, sql: seen, rows: "[2]" },
    ]);
    expect(results).toEqual([
      [{ tenant: a.tenantId, webhooks: 1, rows: [1] }],
      [{ tenant: b.tenantId, webhooks: 1, rows: [2] }],
    ]);

    // B's statement fails: A's UPDATE, which ran first, is not kept either.
    const store = createDeliveryStore(db, db.appPool);
    const kept = delivery(a.tenantId, a.webhookId);
    await store.insert([kept]);
    await expect(
      inTenantsOneRoundTrip(db.appPool, [
        {
          tenantId: a.tenantId,
          sql: `UPDATE "WebhookDelivery" SET "lastError" = 'touched' WHERE id = ANY(SELECT (value #>> '{}')::uuid FROM json_array_elements($rows)) RETURNING id`,
          rows: JSON.stringify([kept.id]),
        },
        { tenantId: b.tenantId, sql: `SELECT 1/0 FROM json_array_elements($rows)`, rows: "[1]" },
      ]),
    ).rejects.toThrow(/division by zero/);
    const row = await db.forTenant(a.tenantId).webhookDelivery.findUniqueOrThrow({ where: { id: kept.id } });
    expect(row.lastError).toBeNull();
  });

  it("inserts each delivery under its own tenant's row-level security: another tenant's webhook is not written to", async () => {
    const a = await tenantWithWebhook();
    const b = await tenantWithWebhook();
    const mine = delivery(a.tenantId, a.webhookId);
    const theirs = delivery(b.tenantId, b.webhookId);
    // Claims tenant A but names B's webhook: under A's row-level security that webhook does not exist.
    const forged = delivery(a.tenantId, b.webhookId);
    const inserted = await createDeliveryStore(db).insert([mine, theirs, forged]);
    expect([...inserted].sort()).toEqual([mine.id, theirs.id].sort());
    expect(await db.system.webhookDelivery.count({ where: { id: forged.id } })).toBe(0);
    expect((await db.forTenant(b.tenantId).webhookDelivery.findMany()).map((d) => d.id)).toEqual([theirs.id]);
    // Written again (a redelivered entry): nothing new.
    expect((await createDeliveryStore(db).insert([mine, theirs])).size).toBe(0);
  });

  it("keeps a body's exact text, whatever quotes, dollars and backslashes it holds", async () => {
    const a = await tenantWithWebhook();
    const awkward = JSON.stringify({
      id: "x",
      data: { text: "it's $$ $& $' $r0123456789ab$ \\ \" \n ü 💡 '); DROP TABLE \"Webhook\"; --" },
    });
    const row = delivery(a.tenantId, a.webhookId, awkward);
    await createDeliveryStore(db).insert([row]);
    const stored = await db.forTenant(a.tenantId).webhookDelivery.findUniqueOrThrow({ where: { id: row.id } });
    expect(JSON.stringify(stored.payload)).toBe(awkward);
  });

  it("records attempts of several tenants at once: SUCCEEDED, an attempt row, failed deliveries in a row (only given-up ones)", async () => {
    const a = await tenantWithWebhook();
    const b = await tenantWithWebhook();
    await db.forTenant(a.tenantId).webhook.update({ where: { id: a.webhookId }, data: { consecutiveFailures: 3 } });
    const store = createDeliveryStore(db);
    const ok = delivery(a.tenantId, a.webhookId);
    const failed = delivery(b.tenantId, b.webhookId);
    const givenUp = delivery(b.tenantId, b.webhookId);
    await store.insert([ok, failed, givenUp]);
    const at = new Date();
    const windowEndsAt = new Date(at.getTime() + 86_400_000);
    const { recorded } = await store.recordAttempts([
      {
        tenantId: a.tenantId,
        deliveryId: ok.id,
        webhookId: a.webhookId,
        result: { succeeded: true, statusCode: 204, durationMs: 12, error: null, at },
        windowEndsAt,
      },
      {
        tenantId: b.tenantId,
        deliveryId: failed.id,
        webhookId: b.webhookId,
        result: { succeeded: false, statusCode: 500, durationMs: 7, error: "HTTP 500", at },
        windowEndsAt,
      },
      {
        // Its window closes before a retry would come: it gives up, a failed delivery.
        tenantId: b.tenantId,
        deliveryId: givenUp.id,
        webhookId: b.webhookId,
        result: { succeeded: false, statusCode: 503, durationMs: 5, error: "HTTP 503", at },
        windowEndsAt: new Date(at.getTime() + 1_000),
      },
    ]);
    expect(recorded.map((r) => [r.deliveryId, r.status, r.attempts]).sort()).toEqual(
      [
        [ok.id, "SUCCEEDED", 1],
        [failed.id, "RETRYING", 1],
        [givenUp.id, "FAILED", 1],
      ].sort(),
    );
    const row = await db.forTenant(a.tenantId).webhookDelivery.findUniqueOrThrow({
      where: { id: ok.id },
      include: { attemptsList: true },
    });
    expect(row).toMatchObject({ status: "SUCCEEDED", lastStatusCode: 204, lastDurationMs: 12, deliveredAt: at });
    expect(row.attemptsList).toMatchObject([{ attempt: 1, statusCode: 204, durationMs: 12, error: null }]);
    const webhook = await db.forTenant(a.tenantId).webhook.findUniqueOrThrow({ where: { id: a.webhookId } });
    expect(webhook.consecutiveFailures).toBe(0);
    // The delivery still being retried is no failed delivery yet; the one that gave up is.
    expect(
      (await db.forTenant(b.tenantId).webhook.findUniqueOrThrow({ where: { id: b.webhookId } })).consecutiveFailures,
    ).toBe(1);
  });
});
