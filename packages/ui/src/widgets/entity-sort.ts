import type { EntityRow } from "./entity-values.ts";

/** Sorting of an entities table: by the name column or a value column (its index), either way. */
export interface EntitySort {
  column: "name" | number;
  descending: boolean;
}

const missing = (v: unknown) => v === undefined || v === null || v === "";

/** Numbers by value, everything else as text in natural order ("Pump 2" before "Pump 10"). */
function compareValues(a: unknown, b: unknown): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "number") return -1;
  if (typeof b === "number") return 1;
  const text = (v: unknown) => (typeof v === "object" ? JSON.stringify(v) : String(v));
  return text(a).localeCompare(text(b), "en", { numeric: true, sensitivity: "base" });
}

/** The rows in the chosen order; rows without a value sort last either way (an empty cell is not "smallest"). */
export function sortEntityRows(rows: readonly EntityRow[], sort: EntitySort): EntityRow[] {
  const valueOf = (row: EntityRow) => (sort.column === "name" ? row.name : row.values[sort.column]);
  return [...rows].sort((x, y) => {
    const a = valueOf(x);
    const b = valueOf(y);
    if (missing(a) || missing(b)) return Number(missing(a)) - Number(missing(b));
    const order = compareValues(a, b);
    return (sort.descending ? -order : order) || x.name.localeCompare(y.name, "en", { numeric: true });
  });
}

/** A click on a column's header: sort by it ascending, or flip the direction when it already sorts. */
export function nextSort(current: EntitySort, column: EntitySort["column"]): EntitySort {
  return current.column === column ? { column, descending: !current.descending } : { column, descending: false };
}
