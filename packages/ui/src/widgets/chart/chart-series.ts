import type { EntityData } from "@industryos/realtime/client";
import type { KeySettings } from "../widget-config.ts";
import { insertGaps, type SeriesPoint } from "./series-gaps.ts";
import { entityDash, keyColor } from "./series-palette.ts";

export interface ChartSeries {
  id: string;
  label: string;
  color: string;
  dash: string | undefined;
  settings: KeySettings;
  /** Oldest first, with a null point in each gap. */
  points: SeriesPoint[];
}

/**
 * One series per entity × key, each with its own points (so one series' timestamps never break
 * another's line), its key's colour and, when several entities are drawn, a dash per entity.
 * `suffix` (the aggregation, "avg per 5 min") ends every label.
 */
export function toChartSeries(
  data: EntityData,
  keys: KeySettings[],
  names: Record<string, string>,
  opts: { bucketMs?: number; suffix?: string | null } = {},
): ChartSeries[] {
  const entityIds = Object.keys(data);
  const multi = entityIds.length > 1;
  const series: ChartSeries[] = [];
  entityIds.forEach((entityId, entityIndex) => {
    keys.forEach((settings, keyIndex) => {
      const name = `${settings.label ?? settings.key}${multi ? ` (${names[entityId] ?? entityId.slice(0, 8)})` : ""}`;
      const numeric = (data[entityId]?.[settings.key] ?? []).flatMap((p) =>
        typeof p.value === "number" ? [{ ts: p.ts, value: p.value }] : [],
      );
      series.push({
        id: `${entityId}:${settings.key}`,
        label: opts.suffix ? `${name} · ${opts.suffix}` : name,
        color: keyColor(settings, keyIndex),
        dash: multi ? entityDash(entityIndex) : undefined,
        settings,
        points: insertGaps(numeric, opts.bucketMs),
      });
    });
  });
  return series;
}

/** Rows keyed by time, one column per series: the shape a bar chart draws. */
export function toChartRows(series: ChartSeries[]): Array<Record<string, number>> {
  const rows = new Map<number, Record<string, number>>();
  for (const s of series) {
    for (const p of s.points) {
      if (p.value === null) continue;
      const row = rows.get(p.ts) ?? { ts: p.ts };
      row[s.id] = p.value;
      rows.set(p.ts, row);
    }
  }
  return [...rows.values()].sort((a, b) => a.ts! - b.ts!);
}
