/**
 * CPU per alarm update, the rule engine's write against the API's: the same raise (an update of a
 * device's active alarm with new details, as each message over the bench chain's limit makes) through
 * the workers' alarm writes (one SQL statement, apps/workers/src/rules/services/alarm-writes.ts:
 * prepared and sent with the tenant in one round trip, and in asTenant's BEGIN/statement/COMMIT as
 * before) and through `@industryos/api`'s `raiseAlarm` over Prisma (what the rule engine called
 * before that), in alternating rounds so all see the same machine load. Events go to Redis as in the
 * rule engine.
 *
 *   npm run services:test   # the test PostgreSQL and Redis
 *   DATABASE_URL=postgresql://postgres@127.0.0.1:61432/postgres REDIS_URL=redis://127.0.0.1:61379 \
 *     node --expose-gc --import tsx bench/rules/alarm-writes.ts [--updates 300] [--rounds 6]
 */
import os from "node:os";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import { alarmContext, raiseAlarm } from "@industryos/api";
import { createDatabaseClients } from "@industryos/db";
import { createDevice, createTenant, createTestDatabase } from "@industryos/db/testing";
import { pgTelemetryDatabase } from "@industryos/db/telemetry";
import { createLogger } from "@industryos/runtime";
import { createAlarmWrites } from "../../apps/workers/src/rules/services/alarm-writes.ts";

const { values } = parseArgs({
  options: { updates: { type: "string", default: "300" }, rounds: { type: "string", default: "6" } },
});
const updates = Number(values.updates);
const rounds = Number(values.rounds);

const database = await createTestDatabase();
const db = createDatabaseClients({ appUrl: database.appUrl, systemUrl: database.systemUrl, poolSize: 4 });
const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:61379");
const logger = createLogger("alarm-writes-bench", "silent");
// ALARM events are counted, not written to the streams: the outbox's cost is the same either way.
let events = 0;
const deps = { db, redis, logger, uplinks: async (messages: readonly unknown[]) => void (events += messages.length) };
const sql = pgTelemetryDatabase(db);
const writes = createAlarmWrites({ sql, events: deps });
const inTransaction = createAlarmWrites({ sql: { asTenant: sql.asTenant }, events: deps });

const tenant = await createTenant(db.system);
const { device } = await createDevice(db.system, { tenantId: tenant.id });
let n = 0;
const next = () => ({ type: "High temperature", severity: "MAJOR" as const, details: { n: ++n }, ts: Date.now() });

const ways = {
  "rule engine (one round trip)": () => writes.raise(tenant.id, { type: "DEVICE", id: device.id }, next()),
  "rule engine (statement in BEGIN/COMMIT)": () =>
    inTransaction.raise(tenant.id, { type: "DEVICE", id: device.id }, next()),
  // As the rule engine called it before: a context (and a tenant-scoped Prisma client) per call.
  "API raiseAlarm (Prisma)": () =>
    raiseAlarm(alarmContext(deps, tenant.id), { originator: { type: "DEVICE", id: device.id }, ...next() }),
};
const totals = new Map<string, { cpuUs: number; wallMs: number; count: number }>();
await ways["rule engine (one round trip)"](); // creates the alarm: every measured raise is an update
// Each round starts with the next way and collects garbage before each (with --expose-gc): one
// way's garbage (Prisma's most) is not collected on the next way's time.
const gc = (globalThis as { gc?: () => void }).gc;
const order = Object.entries(ways);
for (let round = 0; round < rounds; round++) {
  for (let w = 0; w < order.length; w++) {
    const [name, raise] = order[(round + w) % order.length]!;
    gc?.();
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < updates; i++) await raise();
    const used = process.cpuUsage(cpu);
    const total = totals.get(name) ?? { cpuUs: 0, wallMs: 0, count: 0 };
    total.cpuUs += used.user + used.system;
    total.wallMs += performance.now() - t0;
    total.count += updates;
    totals.set(name, total);
  }
}

console.log(
  `load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(
      " ",
    )}; ${rounds} rounds of ${updates} updates each${gc ? "" : " (no --expose-gc: garbage of one way may be collected on another's time)"}`,
);
for (const [name, t] of totals)
  console.log(
    `  ${name.padEnd(40)} ${(t.cpuUs / t.count / 1000).toFixed(2)} ms CPU per update, ${(t.wallMs / t.count).toFixed(2)} ms wall`,
  );
console.log(`  ALARM events emitted: ${events} (one per update)`);
await db.close();
redis.disconnect();
await database.drop();
