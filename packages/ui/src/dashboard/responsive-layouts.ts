import type { WidgetPlacement } from "../widgets/widget-config.ts";

/**
 * The dashboard's breakpoints (react-grid-layout's `breakpoints`: the grid's own width, not the
 * window's, from which each applies). `wide` shows the saved layout and allows editing; narrower
 * grids get layouts derived from it: two widgets a row on a small tablet, one on a phone.
 */
export const DASHBOARD_BREAKPOINTS = { wide: 700, twoUp: 480, stacked: 0 } as const;
export type DashboardBreakpoint = keyof typeof DASHBOARD_BREAKPOINTS;

export const GRID_COLUMNS = 12;

/** Widgets in reading order: by row, then from the left. */
function readingOrder(layout: WidgetPlacement[]): WidgetPlacement[] {
  return [...layout].sort((a, b) => a.y - b.y || a.x - b.x);
}

/** One widget a row, full width, each keeping its height. */
export function stackedLayout(layout: WidgetPlacement[]): WidgetPlacement[] {
  let y = 0;
  return readingOrder(layout).map((p) => {
    const placed = { ...p, x: 0, y, w: GRID_COLUMNS };
    y += p.h;
    return placed;
  });
}

/**
 * Two widgets a row; wide ones (two thirds of the grid or more) keep a row to themselves, and so
 * does a narrow one left without a neighbour, full width rather than beside a gap. A row is as tall
 * as its taller widget.
 */
export function twoUpLayout(layout: WidgetPlacement[]): WidgetPlacement[] {
  const half = GRID_COLUMNS / 2;
  const placed: WidgetPlacement[] = [];
  let y = 0;
  let alone: WidgetPlacement | null = null; // a narrow widget waiting for a neighbour
  const flush = () => {
    if (!alone) return;
    placed.push({ ...alone, x: 0, y, w: GRID_COLUMNS });
    y += alone.h;
    alone = null;
  };
  for (const p of readingOrder(layout)) {
    if (p.w >= (GRID_COLUMNS * 2) / 3) {
      flush();
      placed.push({ ...p, x: 0, y, w: GRID_COLUMNS });
      y += p.h;
    } else if (alone) {
      placed.push({ ...alone, x: 0, y, w: half }, { ...p, x: half, y, w: half });
      y += Math.max(alone.h, p.h);
      alone = null;
    } else {
      alone = p;
    }
  }
  flush();
  return placed;
}

/** The layout for each breakpoint, for react-grid-layout's `layouts`. */
export function responsiveLayouts(layout: WidgetPlacement[]): Record<DashboardBreakpoint, WidgetPlacement[]> {
  return { wide: layout, twoUp: twoUpLayout(layout), stacked: stackedLayout(layout) };
}
