import type { ValueOrigin, WidgetConfig } from "./dashboard-config.ts";

/** Where an entity widget reads values: latest telemetry and each attribute scope. */
export const VALUE_ORIGINS: readonly ValueOrigin[] = ["telemetry", "SERVER", "SHARED", "CLIENT"];

/** The keys a map places a device by, read from its telemetry or any attribute scope (the newest pair wins). */
export const LOCATION_KEYS = ["latitude", "longitude"] as const;

/**
 * Every value a map or entities table reads, so the console's widget and a public link's grants
 * (packages/api) agree on it: the columns, and for a map the location keys in every origin.
 */
export function entityWidgetFields(
  widget: Extract<WidgetConfig, { kind: "map" | "entitiesTable" }>,
): Array<{ key: string; from: ValueOrigin }> {
  const location =
    widget.kind === "map" ? VALUE_ORIGINS.flatMap((from) => LOCATION_KEYS.map((key) => ({ key, from }))) : [];
  return [...location, ...widget.columns.map(({ key, from }) => ({ key, from }))];
}
