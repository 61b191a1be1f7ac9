import type { EdgeView } from "./schemas.ts";

interface EdgeRow {
  id: string;
  name: string;
  routingKey: string;
  uplinkSeq: bigint;
  lastSeenAt: Date | null;
  createdAt: Date;
}

export const toEdgeView = (row: EdgeRow): EdgeView => ({
  id: row.id,
  name: row.name,
  routingKey: row.routingKey,
  uplinkSeq: Number(row.uplinkSeq),
  lastSeenAt: row.lastSeenAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
});
