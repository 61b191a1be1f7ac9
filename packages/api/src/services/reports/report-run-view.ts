import type { z } from "zod";
import type { reportRunView } from "./schemas.ts";

export interface ReportRunRow {
  id: string;
  scheduleId: string;
  status: "RUNNING" | "SUCCEEDED" | "FAILED";
  trigger: "SCHEDULED" | "MANUAL";
  /** `[{name, rows, bytes, content?}]`: the content is never part of a view. */
  files: unknown;
  error: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

function fileSummaries(files: unknown) {
  if (!Array.isArray(files)) return [];
  return files.map((f: { name?: unknown; rows?: unknown; bytes?: unknown }) => ({
    name: String(f.name),
    rows: Number(f.rows ?? 0),
    bytes: Number(f.bytes ?? 0),
  }));
}

export const toRunView = (row: ReportRunRow): z.infer<typeof reportRunView> => ({
  id: row.id,
  scheduleId: row.scheduleId,
  status: row.status,
  trigger: row.trigger,
  files: fileSummaries(row.files),
  error: row.error,
  startedAt: row.startedAt.toISOString(),
  finishedAt: row.finishedAt?.toISOString() ?? null,
});
