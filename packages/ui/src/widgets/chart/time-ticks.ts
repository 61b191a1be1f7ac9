/**
 * Tick marks for a chart's time axis that spans exactly the selected window: one tick at each end
 * of the window and "nice" ticks in between (every 10 s, 5 min, 6 h, day, ...), labelled only as
 * precisely as the step needs, and never two ticks with the same label.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Steps a tick may advance by, shortest first. */
const NICE_STEPS_MS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800,
  1_209_600, 2_592_000,
].map((s) => s * SECOND);

export interface TimeTicks {
  /** Epoch ms, ascending; the first is the window's start, the last its end. */
  ticks: number[];
  /** The label of a tick (the same format for every tick of this axis). */
  format: (ts: number) => string;
}

/** The shortest nice step that keeps the window to at most `maxTicks` ticks. */
export function chooseTickStep(spanMs: number, maxTicks: number): number {
  const intervals = Math.max(1, maxTicks - 1);
  return NICE_STEPS_MS.find((step) => spanMs / step <= intervals) ?? Math.ceil(spanMs / intervals / DAY) * DAY;
}

/**
 * Labels precise enough for the step: seconds below a minute, hours and minutes below a day (with
 * the date when the window spans days), dates above. 24-hour clock so "10:14" is never "10:14 PM"
 * in one place and "22:14" in another.
 */
export function tickFormatter(stepMs: number, spanMs: number, locale?: string): (ts: number) => string {
  const options: Intl.DateTimeFormatOptions =
    stepMs < MINUTE
      ? { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" }
      : stepMs < DAY && spanMs <= DAY
        ? { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }
        : stepMs < DAY
          ? { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }
          : spanMs <= 365 * DAY
            ? { month: "short", day: "numeric" }
            : { year: "numeric", month: "short", day: "numeric" };
  const format = new Intl.DateTimeFormat(locale, options);
  return (ts) => format.format(ts);
}

/** Local-time offset (ms to add to UTC) at `ts`, so ticks fall on local minutes, hours and midnights. */
function localOffset(ts: number): number {
  return -new Date(ts).getTimezoneOffset() * MINUTE;
}

export function timeTicks(from: number, to: number, opts: { maxTicks?: number; locale?: string } = {}): TimeTicks {
  const span = Math.max(1, to - from);
  const step = chooseTickStep(span, opts.maxTicks ?? 6);
  const format = tickFormatter(step, span, opts.locale);
  const inner: number[] = [];
  const offset = localOffset(from);
  // Day and longer steps count from local midnight; shorter ones from the local hour grid.
  const first = Math.ceil((from + offset) / step) * step - offset;
  for (let t = first; t < to; t += step) {
    // Keep ends readable: a nice tick closer than half a step to either end would crowd its label.
    if (t - from >= step / 2 && to - t >= step / 2) inner.push(t);
  }
  // Same label twice (a window end rounding onto a nice tick's minute): keep the ends, drop the inner one.
  const seen = new Set([format(from), format(to)]);
  const unique = [from];
  for (const t of inner) {
    const label = format(t);
    if (seen.has(label)) continue;
    seen.add(label);
    unique.push(t);
  }
  if (to > from) unique.push(to);
  return { ticks: unique, format };
}
