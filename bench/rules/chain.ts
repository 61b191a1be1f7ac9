import pg from "pg";
import { checkChain, type RuleChainDefinition } from "@industryos/rules";

/** The alarm the chain raises; the benchmark counts these. */
export const BENCH_ALARM_TYPE = "High temperature";

/**
 * The benchmark's root chain, the five nodes of issue #20: telemetry only → the device's
 * `temperatureLimit` server attribute into the metadata (one attribute read per message) → a
 * sandboxed script that derives the Fahrenheit value and how far the temperature is over the limit
 * → threshold `overLimit > 0` → create (or update) the device's alarm.
 */
export const BENCH_CHAIN: RuleChainDefinition = {
  nodes: [
    { id: "telemetry", type: "filter.messageType", config: { types: ["POST_TELEMETRY_REQUEST"] } },
    { id: "limit", type: "enrich.originatorAttributes", config: { serverKeys: ["temperatureLimit"] } },
    {
      id: "derive",
      type: "transform.script",
      config: {
        script: [
          "msg.temperatureF = msg.temperature * 1.8 + 32;",
          "msg.overLimit = msg.temperature - Number(metadata.ss_temperatureLimit);",
          "return {msg: msg, metadata: metadata};",
        ].join("\n"),
      },
    },
    { id: "over-limit", type: "filter.threshold", config: { key: "overLimit", op: ">", value: 0 } },
    { id: "alarm", type: "action.createAlarm", config: { alarmType: BENCH_ALARM_TYPE, severity: "MAJOR" } },
  ],
  connections: [
    { from: "input", to: "telemetry", relation: "Success" },
    { from: "telemetry", to: "limit", relation: "True" },
    { from: "limit", to: "derive", relation: "Success" },
    { from: "derive", to: "over-limit", relation: "Success" },
    { from: "over-limit", to: "alarm", relation: "True" },
  ],
};

/**
 * Makes BENCH_CHAIN the tenant's root chain (version 1, as a save through the API stores it) and
 * gives each of its devices the `temperatureLimit` server attribute. Before the workers start,
 * so no cache has to be dropped.
 */
export async function installBenchChain(ownerUrl: string, tenantId: string, temperatureLimit: number) {
  const { errors } = checkChain(BENCH_CHAIN);
  if (errors.length > 0) throw new Error(`the benchmark chain does not check: ${JSON.stringify(errors)}`);
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query("BEGIN");
    const chain = await client.query<{ id: string }>(
      `INSERT INTO "RuleChain"("tenantId", name, root, configuration) VALUES ($1, 'Bench: five nodes', true, $2) RETURNING id`,
      [tenantId, JSON.stringify(BENCH_CHAIN)],
    );
    await client.query(
      `INSERT INTO "RuleChainVersion"("tenantId", "ruleChainId", version, name, configuration)
       VALUES ($1, $2, 1, 'Bench: five nodes', $3)`,
      [tenantId, chain.rows[0]!.id, JSON.stringify(BENCH_CHAIN)],
    );
    await client.query(
      `INSERT INTO "Attribute"("tenantId", "entityType", "entityId", scope, key, "doubleValue")
       SELECT "tenantId", 'DEVICE', id, 'SERVER', 'temperatureLimit', $2 FROM "Device" WHERE "tenantId" = $1`,
      [tenantId, temperatureLimit],
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    await client.end();
  }
}

/** Alarms of the benchmark's type in the database. */
export async function countAlarms(ownerUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM "Alarm" WHERE type = $1`, [
      BENCH_ALARM_TYPE,
    ]);
    return Number(rows[0]!.n);
  } finally {
    await client.end();
  }
}
