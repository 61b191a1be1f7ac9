/**
 * Breaks in a series: a point with a null value wherever data is missing, so a chart drawn with
 * `connectNulls={false}` shows the gap instead of a straight line across it.
 */

export interface SeriesPoint {
  ts: number;
  value: number | null;
}

/** A silence this many times the usual spacing between raw points is a gap. */
const RAW_GAP_FACTOR = 3;

/**
 * The usual reporting interval: the upper quartile of the distances between consecutive points, so
 * a burst of quick readings (many short distances) does not make every normal interval look like a
 * gap, and a few real gaps do not hide themselves.
 */
export function typicalSpacing(points: SeriesPoint[]): number | null {
  if (points.length < 3) return null;
  const deltas = points
    .slice(1)
    .map((p, i) => p.ts - points[i]!.ts)
    .sort((a, b) => a - b);
  return deltas[Math.floor(deltas.length * 0.75)]!;
}

/**
 * Inserts a null point in the middle of every gap. Aggregated series (`bucketMs` given) have a gap
 * wherever a bucket is missing; raw series wherever the silence exceeds a few times their usual
 * spacing (a device reporting every second that was offline for a minute).
 */
export function insertGaps(points: SeriesPoint[], bucketMs?: number): SeriesPoint[] {
  const spacing = typicalSpacing(points);
  const limit =
    bucketMs !== undefined ? bucketMs * 1.5 : spacing !== null && spacing > 0 ? spacing * RAW_GAP_FACTOR : null;
  if (limit === null || points.length < 2) return points;
  const out: SeriesPoint[] = [points[0]!];
  for (let i = 1; i < points.length; i++) {
    const previous = points[i - 1]!;
    const point = points[i]!;
    if (point.ts - previous.ts > limit) out.push({ ts: Math.round((previous.ts + point.ts) / 2), value: null });
    out.push(point);
  }
  return out;
}
