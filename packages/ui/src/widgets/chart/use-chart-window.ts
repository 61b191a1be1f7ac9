"use client";
import { useEffect, useState } from "react";
import { windowLengthMs } from "../time-window.ts";
import type { DashboardTimeWindow } from "../widget-config.ts";

/**
 * The [from, to] the chart's axis spans: the fixed range as chosen, or the rolling window ending
 * now, moved on about every two-hundredth of its length (at least each second, at most each minute).
 */
export function useChartWindow(window: DashboardTimeWindow): { from: number; to: number } {
  const [now, setNow] = useState(() => Date.now());
  const rolling = window.type === "realtime";
  const length = windowLengthMs(window);
  useEffect(() => {
    if (!rolling) return;
    const period = Math.min(60_000, Math.max(1000, length / 200));
    const timer = setInterval(() => setNow(Date.now()), period);
    return () => clearInterval(timer);
  }, [rolling, length]);
  return rolling ? { from: now - length, to: now } : { from: window.from, to: window.to };
}
