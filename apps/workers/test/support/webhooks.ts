import type { Redis } from "ioredis";
import { createUser, type DatabaseClients } from "@industryos/db";
import { createDevice, createTenant } from "@industryos/db/testing";
import { generateWebhookSecret, WEBHOOKS_CHANGED_CHANNEL } from "@industryos/api/webhooks";
import { ruleEngineEntries, type RuleEngineMessage } from "@industryos/device-protocol";
import { createSecretBox, generateSecretKey, type SecretBox } from "@industryos/runtime";
import type { StreamEntry } from "../../src/rules/entry-processor.ts";

/** One key per test file: the dispatcher opens what the test sealed. */
export const testSecrets = (): SecretBox => createSecretBox(generateSecretKey());

/** A tenant with an administrator (whom a disabled webhook's notice goes to) and a device. */
export async function tenantWithDevice(db: DatabaseClients) {
  const tenant = await createTenant(db.system);
  const admin = await createUser(db.system, { tenantId: tenant.id, role: "TENANT_ADMIN" });
  const { device } = await createDevice(db.system, { tenantId: tenant.id, name: `Boiler ${tenant.id.slice(0, 6)}` });
  return { tenantId: tenant.id, adminId: admin.id, device };
}

/**
 * A webhook row as the API's create writes it (its secret sealed); returns the secret in clear for
 * the receiver. With `redis`, tells running dispatchers as the API does, and gives them a moment to hear it.
 */
export async function addWebhook(
  db: DatabaseClients,
  secrets: SecretBox,
  tenantId: string,
  url: string,
  events: string[] = ["*"],
  redis?: Redis,
) {
  const secret = generateWebhookSecret();
  const row = await db.forTenant(tenantId).webhook.create({
    data: { tenantId, url, events, secretEncrypted: secrets.seal(secret) },
  });
  if (redis) {
    await redis.publish(WEBHOOKS_CHANGED_CHANNEL, JSON.stringify({ tenantId }));
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { id: row.id, secret };
}

/** The stream entries the messages make, as the rule engine reads them (`deliveries` 1, ids made up). */
export function streamEntries(messages: RuleEngineMessage[], idPrefix = `${Date.now()}`): StreamEntry[] {
  return ruleEngineEntries(messages).map((e, i) => ({
    partition: Number(e.stream.split(":")[1]),
    stream: e.stream,
    id: `${idPrefix}-${i}`,
    fields: ["msgs", e.entry.toString("utf8")],
    deliveries: 1,
  }));
}

/** Appends the messages to the rule-engine streams as ingest and the API do. */
export async function appendMessages(redis: Redis, messages: RuleEngineMessage[]) {
  for (const e of ruleEngineEntries(messages)) await redis.xadd(e.stream, "*", "msgs", e.entry);
}

/** A platform event (an alarm change, an entity change, a connection, an RPC outcome) as the API and ingest write it. */
export function platformEvent(
  tenantId: string,
  msgType: string,
  originator: { type: string; id: string },
  data: unknown,
  metadata: Record<string, string> = {},
): RuleEngineMessage {
  return {
    type: "EVENT",
    tenantId,
    msgType,
    originatorType: originator.type,
    originatorId: originator.id,
    receivedAt: Date.now(),
    metadata,
    data: JSON.stringify(data),
  };
}

export async function until<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 25));
  }
}
