import type { EntityData } from "@industryos/realtime/client";

function cell(value: unknown): string {
  const text =
    value === undefined || value === null ? "" : typeof value === "object" ? JSON.stringify(value) : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * A widget's data as CSV: one row per entity, key and point (`entity,key,ts,time,value`), so
 * any widget (chart, table, card) exports the same way. `names` maps entity ids to names.
 */
export function toCsv(data: EntityData, names: Record<string, string> = {}): string {
  const rows = ["entity,key,ts,time,value"];
  for (const [entityId, byKey] of Object.entries(data)) {
    for (const [key, points] of Object.entries(byKey)) {
      for (const p of points)
        rows.push([names[entityId] ?? entityId, key, p.ts, new Date(p.ts).toISOString(), p.value].map(cell).join(","));
    }
  }
  return `${rows.join("\n")}\n`;
}
