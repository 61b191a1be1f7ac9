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
 * Two widgets a row (wide ones, two thirds of the grid or more, keep a row to themselves); a row is
 * as tall as its taller widget.
 */
export function twoUpLayout(layout: WidgetPlacement[]): WidgetPlacement[] {
  const half = GRID_COLUMNS / 2;
  const placed: WidgetPlacement[] = [];
  let y = 0;
  let left: WidgetPlacement | null = null; // a half-width widget waiting for a neighbour
  for (const p of readingOrder(layout)) {
    if (p.w >= (GRID_COLUMNS * 2) / 3) {
      if (left) y += left.h;
      left = null;
      placed.push({ ...p, x: 0, y, w: GRID_COLUMNS });
      y += p.h;
    } else if (left) {
      placed.push({ ...p, x: half, y, w: half });
      y += Math.max(left.h, p.h);
      left = null;
    } else {
      left = { ...p, x: 0, y, w: half };
      placed.push(left);
    }
  }
  return placed;
}

/** The layout for each breakpoint, for react-grid-layout's `layouts`. */
export function responsiveLayouts(layout: WidgetPlacement[]): Record<DashboardBreakpoint, WidgetPlacement[]> {
  return { wide: layout, twoUp: twoUpLayout(layout), stacked: stackedLayout(layout) };
}
