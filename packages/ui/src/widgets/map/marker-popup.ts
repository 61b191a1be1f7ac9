import type { DevicePosition } from "../device-positions.ts";
import { fieldValue, type ValuesByOrigin } from "../entity-values.ts";
import { formatKeyValue } from "../thresholds.ts";
import type { ColumnSettings } from "../widget-config.ts";

/**
 * A marker's popup: the device's name and the widget's values, and a button to its detail state when the
 * widget's clicks open one. Plain DOM built with textContent, so a device name is never parsed as HTML.
 */
export function markerPopup(
  position: DevicePosition,
  columns: readonly ColumnSettings[],
  values: ValuesByOrigin,
  openDetails: ((entity: { id: string; name: string }) => void) | null,
): HTMLElement {
  const root = document.createElement("div");
  root.dataset.mapPopup = position.name;
  root.className = "space-y-1 text-sm";
  const title = document.createElement("p");
  title.className = "font-semibold text-slate-800";
  title.textContent = position.name;
  root.append(title);
  const list = document.createElement("dl");
  for (const column of columns) {
    const row = document.createElement("div");
    row.className = "flex justify-between gap-4";
    const label = document.createElement("dt");
    label.className = "text-slate-500";
    label.textContent = column.label ?? column.key;
    const value = document.createElement("dd");
    value.className = "font-medium tabular-nums text-slate-800";
    value.textContent = formatKeyValue(fieldValue(values, position.id, column)?.value, column);
    row.append(label, value);
    list.append(row);
  }
  root.append(list);
  if (openDetails) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "text-brand-700 hover:underline";
    button.textContent = "Open details";
    button.addEventListener("click", () => openDetails({ id: position.id, name: position.name }));
    root.append(button);
  }
  return root;
}
