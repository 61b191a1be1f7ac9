import type pg from "pg";

/** Data points stored in the telemetry table (owner connection; the bench reads it once at the end). */
export async function countDataPoints(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ n: string }>("SELECT count(*) AS n FROM telemetry");
  return Number(rows[0]!.n);
}
