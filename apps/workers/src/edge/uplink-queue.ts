import type { UplinkEntry } from "@industryos/api";
import { withPoolClient } from "@industryos/db";
import type pg from "pg";

/**
 * Numbers the queue's next entries, at most `max`, in the order they were written. Only entries of
 * transactions older than every transaction still running are numbered (xid below the snapshot's xmin), so
 * an entry whose transaction commits late cannot be numbered behind one already sent: it waits for a later
 * round and is numbered after. One transaction holds the link row, so numbers never repeat.
 */
export function numberReadyEntries(pool: pg.Pool, max: number): Promise<number> {
  return withPoolClient(pool, async (client) => {
    const link = await client.query<{ assigned: string }>(
      "SELECT uplink_assigned_seq AS assigned FROM edge_cloud_link FOR UPDATE",
    );
    if (!link.rows[0]) throw new Error("this database is not an edge's: edge_open_link() has not run");
    const ready = await client.query<{ id: string }>(
      `SELECT id FROM edge_uplink_queue
       WHERE seq IS NULL AND xid < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY xid, id LIMIT $1`,
      [max],
    );
    const ids = ready.rows.map((r) => r.id);
    if (ids.length > 0) {
      const base = BigInt(link.rows[0].assigned);
      await client.query(
        `UPDATE edge_uplink_queue q SET seq = $2::bigint + o.n
         FROM unnest($1::bigint[]) WITH ORDINALITY AS o(id, n) WHERE q.id = o.id`,
        [ids, base.toString()],
      );
      await client.query("UPDATE edge_cloud_link SET uplink_assigned_seq = $1", [
        (base + BigInt(ids.length)).toString(),
      ]);
    }
    return ids.length;
  });
}

interface QueuedRow {
  seq: string;
  kind: "TELEMETRY" | "ATTRIBUTES" | "ALARM";
  body: Record<string, unknown>;
}

const toEntry = (row: QueuedRow): UplinkEntry => {
  const seq = Number(row.seq);
  if (row.kind === "ALARM") return { seq, kind: "ALARM", alarm: row.body } as UplinkEntry;
  return { seq, kind: row.kind, ...row.body } as UplinkEntry;
};

/** The oldest numbered entries, in seq order: what the next push sends. */
export async function nextBatch(pool: pg.Pool, max: number): Promise<UplinkEntry[]> {
  const { rows } = await pool.query<QueuedRow>(
    "SELECT seq, kind, body FROM edge_uplink_queue WHERE seq IS NOT NULL ORDER BY seq LIMIT $1",
    [max],
  );
  return rows.map(toEntry);
}

/** The cloud has applied everything up to `seq`: only now do those entries leave the queue. */
export async function dropAcknowledged(pool: pg.Pool, seq: number): Promise<void> {
  await pool.query(
    "WITH gone AS (DELETE FROM edge_uplink_queue WHERE seq <= $1) UPDATE edge_cloud_link SET last_uplink_at = now(), last_error = NULL",
    [seq],
  );
}
