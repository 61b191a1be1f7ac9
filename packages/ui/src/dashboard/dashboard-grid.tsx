"use client";
import { ResponsiveGridLayout, useContainerWidth, type Layout } from "react-grid-layout";
import { useEffect, useMemo, type ReactNode } from "react";
import type { WidgetPlacement } from "../widgets/widget-config.ts";
import {
  DASHBOARD_BREAKPOINTS,
  GRID_COLUMNS,
  responsiveLayouts,
  type DashboardBreakpoint,
} from "./responsive-layouts.ts";

export { GRID_COLUMNS } from "./responsive-layouts.ts";

const ROW_HEIGHT = 72;
const COLUMNS: Record<DashboardBreakpoint, number> = { wide: GRID_COLUMNS, twoUp: GRID_COLUMNS, stacked: GRID_COLUMNS };

/** The breakpoint react-grid-layout picks for a grid this wide (the widest whose minimum it reaches). */
export function breakpointFor(width: number): DashboardBreakpoint {
  if (width >= DASHBOARD_BREAKPOINTS.wide) return "wide";
  return width >= DASHBOARD_BREAKPOINTS.twoUp ? "twoUp" : "stacked";
}

/**
 * The dashboard's 12-column grid (react-grid-layout v2's responsive grid). A wide grid shows the
 * saved layout; in edit mode widgets are dragged by their title bar and resized from the corner.
 * Narrower grids (tablets, phones) show layouts derived from it, two widgets a row and then one,
 * and are never edited: a drag there would not say where the widget goes on a desktop.
 */
export function DashboardGrid({
  layout,
  editing,
  onLayoutChange,
  onBreakpointChange,
  children,
}: {
  layout: WidgetPlacement[];
  editing: boolean;
  onLayoutChange?: (layout: WidgetPlacement[]) => void;
  /** Told the breakpoint once the grid is measured and whenever it changes (e.g. a tablet turned). */
  onBreakpointChange?: (breakpoint: DashboardBreakpoint) => void;
  children: (id: string) => ReactNode;
}) {
  const { width, containerRef, mounted } = useContainerWidth();
  const breakpoint = breakpointFor(width);
  const editable = editing && breakpoint === "wide";
  const layouts = useMemo(() => responsiveLayouts(layout), [layout]);
  useEffect(() => {
    if (mounted) onBreakpointChange?.(breakpoint);
  }, [mounted, breakpoint, onBreakpointChange]);
  return (
    <div
      ref={containerRef}
      className="w-full"
      data-grid-breakpoint={mounted ? breakpoint : undefined}
      // Widgets glide only while being arranged (the CSS is in the console's globals): in view mode
      // the first measurement, or a tablet turned, would send every widget flying for 200 ms.
      data-grid-motion={editable ? "on" : "off"}
    >
      {mounted && (
        <ResponsiveGridLayout
          width={width}
          breakpoint={breakpoint}
          breakpoints={DASHBOARD_BREAKPOINTS}
          cols={COLUMNS}
          layouts={layouts}
          rowHeight={ROW_HEIGHT}
          margin={[12, 12]}
          dragConfig={{ enabled: editable, handle: ".widget-drag-handle" }}
          resizeConfig={{ enabled: editable }}
          onLayoutChange={(next: Layout) => {
            if (!editable) return;
            onLayoutChange?.(next.map(({ i, x, y, w, h }) => ({ i, x, y, w, h })));
          }}
        >
          {layout.map((p) => (
            <div key={p.i} data-widget-id={p.i}>
              {children(p.i)}
            </div>
          ))}
        </ResponsiveGridLayout>
      )}
    </div>
  );
}
