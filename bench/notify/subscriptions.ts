import pg from "pg";
import { generateWebhookSecret } from "@industryos/api/webhooks";
import { createSecretBox } from "@industryos/runtime";

export interface BenchSubscription {
  tenantId: string;
  path: string;
  secret: string;
  events: string[];
}

/**
 * `perTenant` webhooks for each tenant, all to the local receiver at `/hook/<tenant>/<n>`: the
 * first subscribed to telemetry and alarm.created, the others to telemetry. Written as the API
 * writes them (secrets sealed under `secretsKey`, which the workers get too), before the workers
 * start, so no cache has to be dropped.
 */
export async function installSubscriptions(
  ownerUrl: string,
  tenantIds: readonly string[],
  perTenant: number,
  receiverUrl: (path: string) => string,
  secretsKey: string,
): Promise<BenchSubscription[]> {
  const box = createSecretBox(secretsKey);
  const subscriptions: BenchSubscription[] = [];
  tenantIds.forEach((tenantId, t) => {
    for (let n = 0; n < perTenant; n++)
      subscriptions.push({
        tenantId,
        path: `/hook/${t}/${n}`,
        secret: generateWebhookSecret(),
        events: n === 0 ? ["telemetry", "alarm.created"] : ["telemetry"],
      });
  });
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO "Webhook"("tenantId", url, events, "secretEncrypted", "updatedAt")
       SELECT t, u, string_to_array(e, ','), s, now() FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS x(t, u, e, s)`,
      [
        subscriptions.map((s) => s.tenantId),
        subscriptions.map((s) => receiverUrl(s.path)),
        subscriptions.map((s) => s.events.join(",")),
        subscriptions.map((s) => box.seal(s.secret)),
      ],
    );
  } finally {
    await client.end();
  }
  return subscriptions;
}
