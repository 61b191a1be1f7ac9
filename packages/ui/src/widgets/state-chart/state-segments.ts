import type { PlainPoint } from "@industryos/realtime/client";
import { SERIES_PALETTE } from "../chart/series-palette.ts";

/** A stretch of time during which a key kept one state. */
export interface StateSegment {
  start: number;
  end: number;
  state: string;
}

const ON = new Set(["true", "1", "on", "yes"]);
const OFF = new Set(["false", "0", "off", "no"]);

/** The state a value stands for: "On"/"Off" for booleans and their usual spellings, else the value as text. */
export function stateOf(value: unknown): string {
  const text = String(value).trim();
  const lower = text.toLowerCase();
  if (ON.has(lower)) return "On";
  if (OFF.has(lower)) return "Off";
  return text;
}

/**
 * The timeline of one key within [from, to]: each point's state lasts until the next point (the
 * last one until `to`), equal neighbours merged. Time before the first point in the window is left
 * empty: the widget does not know the state then.
 */
export function stateSegments(points: readonly PlainPoint[], from: number, to: number): StateSegment[] {
  const segments: StateSegment[] = [];
  const sorted = [...points].sort((a, b) => a.ts - b.ts);
  sorted.forEach((point, i) => {
    const start = Math.max(from, point.ts);
    const end = Math.min(to, sorted[i + 1]?.ts ?? to);
    if (end <= start) return;
    const state = stateOf(point.value);
    const last = segments.at(-1);
    if (last && last.state === state && last.end === start) last.end = end;
    else segments.push({ start, end, state });
  });
  return segments;
}

/** On green, Off grey, other states the chart palette's colours in the order first seen. */
export function stateColors(states: Iterable<string>): Map<string, string> {
  const colors = new Map<string, string>();
  let next = 0;
  for (const state of states) {
    if (colors.has(state)) continue;
    if (state === "On") colors.set(state, "#16a34a");
    else if (state === "Off") colors.set(state, "#cbd5e1");
    else colors.set(state, SERIES_PALETTE[next++ % SERIES_PALETTE.length]!);
  }
  return colors;
}
