import type pg from "pg";

/**
 * Data points stored in the telemetry table (owner connection; the bench reads it once at the
 * end): a row per device message on plain PostgreSQL, a row per point on TimescaleDB.
 */
export async function countDataPoints(pool: pg.Pool): Promise<number> {
  const { flavour } = (await pool.query<{ flavour: string }>("SELECT flavour FROM telemetry_settings")).rows[0]!;
  const points = flavour === "postgres" ? "coalesce(sum(cardinality(series_ids)), 0)" : "count(*)";
  const { rows } = await pool.query<{ n: string }>(`SELECT ${points} AS n FROM telemetry`);
  return Number(rows[0]!.n);
}

/** Bytes on disk of the telemetry table's rows and of its indexes, over every partition (or chunk). */
export async function telemetryStorage(pool: pg.Pool): Promise<{ heapBytes: number; indexBytes: number }> {
  const { rows } = await pool.query<{ heap: string; indexes: string }>(`
    WITH RECURSIVE parts(oid) AS (
      SELECT 'telemetry'::regclass::oid
      UNION ALL SELECT i.inhrelid FROM pg_inherits i JOIN parts p ON i.inhparent = p.oid
    )
    SELECT coalesce(sum(pg_relation_size(oid)), 0)::text AS heap, coalesce(sum(pg_indexes_size(oid)), 0)::text AS indexes FROM parts`);
  return { heapBytes: Number(rows[0]!.heap), indexBytes: Number(rows[0]!.indexes) };
}
