"use client";
import { GridLayout, useContainerWidth, type Layout } from "react-grid-layout";
import type { ReactNode } from "react";
import type { WidgetPlacement } from "../widgets/widget-config.ts";

export const GRID_COLUMNS = 12;
const ROW_HEIGHT = 72;

/**
 * The dashboard's 12-column grid (react-grid-layout v2). In edit mode widgets are dragged by
 * their title bar and resized from the corner; in view mode the grid is static. Below the
 * `sm` width widgets stack one per row, so a dashboard stays readable on a phone.
 */
export function DashboardGrid({
  layout,
  editing,
  onLayoutChange,
  children,
}: {
  layout: WidgetPlacement[];
  editing: boolean;
  onLayoutChange?: (layout: WidgetPlacement[]) => void;
  children: (id: string) => ReactNode;
}) {
  const { width, containerRef, mounted } = useContainerWidth();
  const narrow = mounted && width < 640;
  const shown: WidgetPlacement[] = narrow
    ? [...layout].sort((a, b) => a.y - b.y || a.x - b.x).map((p, i) => ({ ...p, x: 0, y: i * p.h, w: GRID_COLUMNS }))
    : layout;
  return (
    <div ref={containerRef} className="w-full">
      {mounted && (
        <GridLayout
          width={width}
          layout={shown}
          gridConfig={{ cols: GRID_COLUMNS, rowHeight: ROW_HEIGHT, margin: [12, 12] }}
          dragConfig={{ enabled: editing && !narrow, handle: ".widget-drag-handle" }}
          resizeConfig={{ enabled: editing && !narrow }}
          onLayoutChange={(next: Layout) => {
            if (!editing || narrow) return;
            onLayoutChange?.(next.map(({ i, x, y, w, h }) => ({ i, x, y, w, h })));
          }}
        >
          {shown.map((p) => (
            <div key={p.i} data-widget-id={p.i}>
              {children(p.i)}
            </div>
          ))}
        </GridLayout>
      )}
    </div>
  );
}
