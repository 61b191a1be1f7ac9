// What one row per device message costs a reader of a key the device rarely sends. A device
// reports three keys every minute for 30 days and its firmware version once a day; reading a
// key means reading it out of the device's messages, so the firmware's 30 points are found among
// 43,200 messages. Prints the median of repeated reads through the store (the application role's
// SECURITY DEFINER functions, as the API calls them) beside the same reads of a key sent every
// minute.
//
//   npx tsx bench/telemetry-store/sparse-key.ts [--days 30] [--runs 9]
//
// Uses DATABASE_URL (a superuser URL; default: the test profile's local server, started if
// needed) and a fresh database that it drops at the end.
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { createDatabaseClients } from "@industryos/db";
import { createTelemetryStore, type TelemetryRow } from "@industryos/db/telemetry";
import { createTestDatabase } from "@industryos/db/testing";
import { startLocalServices } from "@industryos/devstack";

const { values: args } = parseArgs({
  options: { days: { type: "string", default: "30" }, runs: { type: "string", default: "9" } },
});
const DAYS = Number(args.days);
const RUNS = Number(args.runs);
const MINUTE = 60_000;
const DAY = 1440 * MINUTE;

if (!process.env.DATABASE_URL) {
  const services = await startLocalServices("test", () => {});
  process.env.DATABASE_URL = services.postgresUrl;
}
const database = await createTestDatabase();
const clients = createDatabaseClients({ appUrl: database.appUrl, systemUrl: database.systemUrl, poolSize: 2 });
const store = createTelemetryStore(clients);
const tenantId = (
  await clients.systemPool.query<{ id: string }>(`INSERT INTO "Tenant" (name) VALUES ('sparse') RETURNING id`)
).rows[0]!.id;
const entityId = randomUUID();
const end = Math.floor(Date.now() / MINUTE) * MINUTE;
const start = end - DAYS * DAY;

let rows: TelemetryRow[] = [];
for (let ts = start; ts < end; ts += MINUTE) {
  for (const key of ["temp", "hum", "pressure"])
    rows.push({ tenantId, entityId, key, ts, value: { type: "DOUBLE", value: (ts / MINUTE) % 97 } });
  if ((ts - start) % DAY === 0)
    rows.push({ tenantId, entityId, key: "fw", ts, value: { type: "STRING", value: `1.${(ts - start) / DAY}` } });
  if (rows.length >= 5_000) {
    await store.writeBatch(rows);
    rows = [];
  }
}
await store.writeBatch(rows);
await store.flushLatest();
await clients.systemPool.query("ANALYZE telemetry");

async function median(read: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await read();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

const whole = { from: start, to: end };
const reads = {
  "newest 100 points, whole range": (key: string) =>
    store.range(tenantId, entityId, { keys: [key], ...whole, limit: 100 }),
  "oldest 10 points, whole range": (key: string) =>
    store.range(tenantId, entityId, { keys: [key], ...whole, limit: 10, order: "ASC" }),
  "COUNT per day, whole range": (key: string) =>
    store.aggregate(tenantId, entityId, { keys: [key], ...whole, intervalMs: DAY, agg: "COUNT" }),
  "latest value": (key: string) => store.latest(tenantId, entityId, [key]),
};
console.log(
  `one device, ${DAYS} days: ${(DAYS * 1440).toLocaleString("en-US")} messages of temp, hum and pressure, fw in one a day; median of ${RUNS} reads`,
);
for (const [name, read] of Object.entries(reads)) {
  const dense = await median(() => read("temp"));
  const sparse = await median(() => read("fw"));
  console.log(
    `${name.padEnd(32)} temp (every message) ${dense.toFixed(1).padStart(7)} ms   fw (one a day) ${sparse.toFixed(1).padStart(7)} ms`,
  );
}

await clients.close();
await database.drop();
process.exit(0);
