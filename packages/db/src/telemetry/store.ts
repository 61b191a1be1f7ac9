// The telemetry store: one API over the plain-PostgreSQL and TimescaleDB layouts of the
// `telemetry` table (see prisma/migrations/*_telemetry). Writes of many tenants go through the
// system role; everything per tenant goes through the application role and SECURITY DEFINER
// functions that filter on app.tenant_id.
import type { KvValue } from "@industryos/device-protocol";
import type pg from "pg";
import type { ReadReplicas } from "../read-replicas.ts";
import { createAttributeStore } from "./attributes.ts";
import { AGGREGATIONS, type Aggregation } from "./contract.ts";
import {
  prepareTelemetryBatch,
  prepareTelemetryGroups,
  seriesParams,
  valueParams,
  type EntityPoints,
  type PreparedBatch,
  type TelemetryRow,
  type TenantTelemetryRow,
} from "./batch.ts";
import { copyBinary, COPY_BINARY_COLUMNS } from "./copy-binary.ts";
import { copyMessageRows, COPY_MESSAGE_COLUMNS } from "./copy-message-rows.ts";
import { pgTelemetryDatabase, type SqlClient, type TelemetryDatabase } from "./database.ts";
import { createLatestWriter, seriesPoint, sortedSeriesBatch, type SeriesPoint } from "./latest-writer.ts";
import { createSeriesCache } from "./series-cache.ts";
import { BatchValidationError, checkKey, checkUuid, fromColumns, millisOf } from "./values.ts";

export type Flavour = "timescaledb" | "postgres";

/** A stored point as read back. */
export interface TsPoint {
  ts: number;
  value: KvValue;
}

/** An aggregated bucket: `ts` is the bucket's start. */
export interface AggregatePoint {
  ts: number;
  value: number;
}

export interface RangeQuery {
  keys: string[];
  /** Inclusive, ms or Date. */
  from: number | Date;
  /** Exclusive, ms or Date. */
  to: number | Date;
  /** Points per key (default 100, at most 100,000). */
  limit?: number;
  /** Newest first (default) or oldest first. */
  order?: "DESC" | "ASC";
}

export interface AggregateQuery extends RangeQuery {
  agg: Aggregation;
  /** Bucket width in ms; buckets start at `from`. Ignored for NONE. */
  intervalMs: number;
}

const DAY = 86_400_000;
const MAX_LIMIT = 100_000;

const ARRAYS = `$1::bigint[], $2::timestamptz[], $3::boolean[], $4::bigint[], $5::double precision[], $6::text[], $7::jsonb[]`;
const STORE_BATCH = `SELECT telemetry_store_batch(${ARRAYS}) AS n`;
const REGISTER_SERIES = `SELECT telemetry_register_series(${ARRAYS})`;
const FLUSH_LATEST = `SELECT telemetry_flush_latest(${ARRAYS})`;
/** The COPY of each layout: one row per point on TimescaleDB, one per device message on plain PostgreSQL. */
const COPY: Record<Flavour, { text: string; data: (b: PreparedBatch, seriesIds: number[]) => Buffer }> = {
  timescaledb: { text: `COPY ${COPY_BINARY_COLUMNS} FROM STDIN (FORMAT binary)`, data: copyBinary },
  postgres: { text: `COPY ${COPY_MESSAGE_COLUMNS} FROM STDIN (FORMAT binary)`, data: copyMessageRows },
};
const WRITE_AS_TENANT = `SELECT telemetry_write($1::uuid[], $2::text[], $3::timestamptz[],
  $4::boolean[], $5::bigint[], $6::double precision[], $7::text[], $8::jsonb[]) AS n`;

function ms(value: number | Date): number {
  return value instanceof Date ? value.getTime() : value;
}

function checkQuery(
  entityId: string,
  q: { keys?: string[]; from?: number | Date; to?: number | Date },
  needsKeys = true,
) {
  const problem =
    checkUuid(entityId, "entityId") ??
    (needsKeys && (!Array.isArray(q.keys) || q.keys.length === 0) ? "keys must be a non-empty array" : undefined) ??
    q.keys?.map(checkKey).find(Boolean) ??
    (q.from !== undefined && q.to !== undefined && !(ms(q.from) < ms(q.to)) ? "from must be before to" : undefined);
  if (problem) throw new RangeError(problem);
}

function groupByKey<T>(keys: string[], rows: { key: string; point: T }[]): Record<string, T[]> {
  const out: Record<string, T[]> = Object.fromEntries(keys.map((k) => [k, []]));
  for (const r of rows) (out[r.key] ??= []).push(r.point);
  return out;
}

/** Day runs [first, last] covering the given day numbers. */
function dayRuns(days: number[]): [number, number][] {
  const sorted = [...days].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const d of sorted) {
    const last = runs.at(-1);
    if (last && d <= last[1] + 1) last[1] = d;
    else runs.push([d, d]);
  }
  return runs;
}

const isoDay = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);

export interface TelemetryStoreOptions {
  /** How long a series' newest value may wait before telemetry_latest gets it (default 5,000 ms); reads never wait for it. */
  latestFlushMs?: number;
  /** A failed latest-value flush (retried with the next one). Default: a console warning. */
  onLatestFlushError?: (error: unknown) => void;
}

/**
 * Creates the telemetry store over the pools of `createDatabaseClients` (or any
 * TelemetryDatabase, e.g. PGlite in tests).
 */
export function createTelemetryStore(
  source: { appPool: pg.Pool; systemPool: pg.Pool; reads?: ReadReplicas } | { database: TelemetryDatabase },
  options: TelemetryStoreOptions = {},
) {
  const db = "database" in source ? source.database : pgTelemetryDatabase(source);
  const knownDays = new Set<number>();
  const series = createSeriesCache();
  const latestWriter = createLatestWriter({
    flush: async (points, ids) => void (await db.system(FLUSH_LATEST, seriesParams(points, ids))),
    intervalMs: options.latestFlushMs ?? 5_000,
    flushAtSeries: 250_000,
    chunkSeries: 1_000,
    onError:
      options.onLatestFlushError ??
      ((error) => console.warn("telemetry: latest-value flush failed; retrying with the next one:", error)),
  });
  let flavour: Promise<Flavour> | undefined;

  const getFlavour = () => {
    flavour ??= db.system<{ flavour: Flavour }>("SELECT flavour FROM telemetry_info()").then((r) => r.rows[0]!.flavour);
    flavour.catch(() => (flavour = undefined));
    return flavour;
  };

  /** The series id of every row; series this process has not seen are looked up (created when new). */
  async function resolveSeries(b: PreparedBatch): Promise<number[]> {
    const ids = new Array<number>(b.count);
    const missing: number[] = [];
    let keys: Map<string, number> | undefined;
    for (let i = 0; i < b.count; i++) {
      // Rows of one device come together: one lookup per device.
      if (i === 0 || b.entity[i] !== b.entity[i - 1] || b.tenant[i] !== b.tenant[i - 1])
        keys = series.keysOf(b.tenant[i]!, b.entity[i]!);
      const id = keys?.get(b.keys[i]!);
      if (id === undefined) missing.push(i);
      else ids[i] = id;
    }
    if (missing.length > 0) {
      const { rows } = await db.system<{ ids: (string | number)[] }>(
        "SELECT telemetry_series_ids($1::uuid[], $2::uuid[], $3::text[]) AS ids",
        [missing.map((i) => b.tenant[i]), missing.map((i) => b.entity[i]), missing.map((i) => b.keys[i])],
      );
      missing.forEach((i, n) => {
        ids[i] = Number(rows[0]!.ids[n]);
        series.add(b.tenant[i]!, b.entity[i]!, b.keys[i]!, ids[i]);
      });
    }
    return ids;
  }

  async function ensureDays(days: Set<number>): Promise<void> {
    if ((await getFlavour()) !== "postgres") return;
    const missing = [...days].filter((d) => !knownDays.has(d));
    for (const [first, last] of dayRuns(missing)) {
      await db.system("SELECT telemetry_ensure_partitions($1::date, $2::date)", [isoDay(first), isoDay(last)]);
      for (let d = first; d <= last; d++) knownDays.add(d);
    }
  }

  /** The statement registering series this process has not seen, locking their rows in the shared order. */
  function registration(points: SeriesPoint[]) {
    const { batch, seriesIds } = sortedSeriesBatch(points);
    return { text: REGISTER_SERIES, params: seriesParams(batch, seriesIds) };
  }

  /**
   * COPY and registration of new series in one transaction, latest values written behind; the
   * overwriting path (latest values included) when a point exists already.
   */
  async function write(b: PreparedBatch, ids: number[]): Promise<number> {
    if (db.systemCopy) {
      const fresh = b.latest.filter((i) => !series.isRegistered(ids[i]!));
      const then = fresh.length > 0 ? [registration(fresh.map((i) => seriesPoint(b, ids, i)))] : [];
      const copy = COPY[await getFlavour()];
      try {
        await db.systemCopy(copy.text, copy.data(b, ids), then);
        for (const i of fresh) series.markRegistered(ids[i]!);
        latestWriter.add(b, ids, b.latest);
        return b.count;
      } catch (error) {
        if ((error as { code?: string }).code !== "23505") throw error; // unique_violation: a repeated point
      }
    }
    const { rows } = await db.system<{ n: string | number }>(STORE_BATCH, seriesParams(b, ids));
    return Number(rows[0]!.n);
  }

  async function storeBatch(b: PreparedBatch): Promise<number> {
    const ids = await resolveSeries(b);
    await ensureDays(b.days);
    for (let attempt = 1; ; attempt++) {
      try {
        return await write(b, ids);
      } catch (error) {
        if (attempt >= 3) throw error;
        if (/no partition of relation/.test((error as Error).message)) {
          // A partition dropped by retention since we cached it: recreate it.
          knownDays.clear();
          await ensureDays(b.days);
        } else if ((error as { code?: string }).code !== "40P01") {
          throw error; // 40P01: two batches repeating the same points in another order; PostgreSQL aborted one
        }
      }
    }
  }

  const asTenant = <T>(tenantId: string, fn: (c: SqlClient) => Promise<T>) => db.asTenant(tenantId, fn);
  /**
   * History reads (range, aggregate) on a replica when there is one: they may trail the primary by
   * the replication lag, which a chart or an export of past hours does not notice. Latest values,
   * keys and attributes stay on the primary: the console shows them right after writing them.
   */
  const asTenantOnReplica = <T>(tenantId: string, fn: (c: SqlClient) => Promise<T>) =>
    (db.asTenantOnReplica ?? db.asTenant)(tenantId, fn);

  return {
    /** "timescaledb" or "postgres": how the telemetry table was built. */
    flavour: getFlavour,

    /**
     * Writes points of many tenants (system role; for ingest after device authentication) with
     * one COPY. Points already stored are overwritten (a retried message is harmless). One
     * invalid row rejects the batch with a BatchValidationError. Resolves after commit; returns
     * the number of points written. `latest` sees the points at once; the latest-value table
     * itself is updated behind them (flushLatest).
     */
    async writeBatch(rows: readonly TelemetryRow[]): Promise<number> {
      if (rows.length === 0) return 0;
      return storeBatch(prepareTelemetryBatch(rows));
    },

    /** writeBatch for points grouped by entity (ingest: one group per device message), without a row object per point. */
    async writeGroups(groups: readonly EntityPoints[]): Promise<number> {
      const b = prepareTelemetryGroups(groups);
      return b.count === 0 ? 0 : storeBatch(b);
    },

    /** Writes the latest values still waiting in this process (at shutdown; benchmarks). */
    async flushLatest(): Promise<void> {
      await latestWriter.drain();
    },

    /** Writes points of one tenant through the application role (API, rule engine). */
    async writeForTenant(tenantId: string, rows: readonly TenantTelemetryRow[]): Promise<number> {
      if (rows.length === 0) return 0;
      const b = prepareTelemetryBatch(rows, tenantId);
      // Entities and keys as text: the definer function resolves the tenant's series.
      const params = [`{${b.entity.join(",")}}`, b.keys, ...valueParams(b)];
      return asTenant(tenantId, async (client) => {
        const { rows: r } = await client.query<{ n: string | number }>(WRITE_AS_TENANT, params);
        return Number(r[0]!.n);
      });
    },

    /** Latest value per key of an entity (all keys when `keys` is omitted). */
    async latest(tenantId: string, entityId: string, keys?: string[]): Promise<Record<string, TsPoint>> {
      checkQuery(entityId, { keys }, false);
      const rows = await asTenant(tenantId, (c) =>
        c.query<Record<string, unknown>>("SELECT * FROM telemetry_latest_values($1::uuid, $2::text[])", [
          entityId,
          keys ?? null,
        ]),
      );
      return Object.fromEntries(rows.rows.map((r) => [String(r.key), { ts: millisOf(r.ts), value: fromColumns(r) }]));
    },

    /** Raw points per key in [from, to), at most `limit` per key, newest first unless order ASC. */
    async range(tenantId: string, entityId: string, q: RangeQuery): Promise<Record<string, TsPoint[]>> {
      checkQuery(entityId, q);
      const limit = q.limit ?? 100;
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
        throw new RangeError(`limit must be 1..${MAX_LIMIT}`);
      const { rows } = await asTenantOnReplica(tenantId, (c) =>
        c.query<Record<string, unknown>>(
          "SELECT * FROM telemetry_range($1::uuid, $2::text[], $3::timestamptz, $4::timestamptz, $5::integer, $6::boolean)",
          [
            entityId,
            q.keys,
            new Date(ms(q.from)).toISOString(),
            new Date(ms(q.to)).toISOString(),
            limit,
            (q.order ?? "DESC") === "DESC",
          ],
        ),
      );
      return groupByKey(
        q.keys,
        rows.map((r) => ({ key: String(r.key), point: { ts: Number(r.ts_ms), value: fromColumns(r) } })),
      );
    },

    /**
     * Points per key aggregated into buckets of `intervalMs` starting at `from` (time_bucket on
     * TimescaleDB, using the hourly/daily rollups when the range and interval align; date_bin
     * otherwise). AVG/MIN/MAX/SUM use numeric (LONG/DOUBLE) points; COUNT counts all points.
     * Buckets without a value are left out. NONE returns raw points like `range`.
     */
    async aggregate(
      tenantId: string,
      entityId: string,
      q: AggregateQuery,
    ): Promise<Record<string, (AggregatePoint | TsPoint)[]>> {
      if (q.agg === "NONE") return this.range(tenantId, entityId, q);
      checkQuery(entityId, q);
      if (!AGGREGATIONS.includes(q.agg)) throw new RangeError("agg must be NONE, AVG, MIN, MAX, SUM or COUNT");
      if (!Number.isSafeInteger(q.intervalMs) || q.intervalMs < 1)
        throw new RangeError("intervalMs must be a positive integer");
      if ((ms(q.to) - ms(q.from)) / q.intervalMs > MAX_LIMIT) throw new RangeError(`more than ${MAX_LIMIT} buckets`);
      // One JSON text per key, parsed natively: pg's row-by-row parsing in JS cost ~2 µs a row,
      // most of a 30-day range at 1-minute resolution (43,200 buckets).
      const { rows } = await asTenantOnReplica(tenantId, (c) =>
        c.query<{ key: string; points: string }>(
          `SELECT key, json_agg(json_build_array(ts_ms, value) ORDER BY ts_ms)::text AS points
             FROM telemetry_aggregate($1::uuid, $2::text[], $3::timestamptz, $4::timestamptz, $5::bigint, $6::text) GROUP BY key`,
          [entityId, q.keys, new Date(ms(q.from)).toISOString(), new Date(ms(q.to)).toISOString(), q.intervalMs, q.agg],
        ),
      );
      const out: Record<string, AggregatePoint[]> = Object.fromEntries(q.keys.map((k) => [k, []]));
      for (const r of rows)
        out[r.key] = (JSON.parse(r.points) as [number, number][]).map(([ts, value]) => ({ ts, value }));
      return out;
    },

    /** Deletes points in [from, to) of some keys (all when omitted); returns how many. */
    async deleteRange(
      tenantId: string,
      entityId: string,
      q: { keys?: string[]; from: number | Date; to: number | Date },
    ): Promise<number> {
      checkQuery(entityId, q, false);
      series.forget(tenantId.toLowerCase(), entityId.toLowerCase()); // the delete may remove series from telemetry_latest
      const { rows } = await asTenant(tenantId, (c) =>
        c.query<{ n: string | number }>(
          "SELECT telemetry_delete_range($1::uuid, $2::text[], $3::timestamptz, $4::timestamptz) AS n",
          [entityId, q.keys ?? null, new Date(ms(q.from)).toISOString(), new Date(ms(q.to)).toISOString()],
        ),
      );
      return Number(rows[0]!.n);
    },

    /** Keys with a latest value for the entity. */
    async keys(tenantId: string, entityId: string): Promise<string[]> {
      checkQuery(entityId, {}, false);
      const { rows } = await asTenant(tenantId, (c) =>
        c.query<{ k: string }>("SELECT telemetry_keys AS k FROM telemetry_keys($1::uuid)", [entityId]),
      );
      return rows.map((r) => r.k);
    },

    /**
     * Applies the retention from configuration (TELEMETRY_RETENTION_DAYS) and creates the next
     * days' partitions; run at start and daily. On TimescaleDB it (re)sets the retention policy.
     */
    async maintain(opts: { retentionDays: number; aheadDays?: number }): Promise<{ created: number; dropped: number }> {
      if (!Number.isInteger(opts.retentionDays) || opts.retentionDays < 1)
        throw new RangeError("retentionDays must be a positive integer");
      const { rows } = await db.system<{ created: number; dropped: number }>(
        "SELECT * FROM telemetry_maintain($1::integer, $2::integer)",
        [opts.retentionDays, opts.aheadDays ?? null],
      );
      knownDays.clear();
      return { created: Number(rows[0]!.created), dropped: Number(rows[0]!.dropped) };
    },

    /** Attributes by scope: read/write per tenant, writeBatch for ingest. */
    attributes: createAttributeStore(db),
  };
}

export type TelemetryStore = ReturnType<typeof createTelemetryStore>;
export { BatchValidationError };
