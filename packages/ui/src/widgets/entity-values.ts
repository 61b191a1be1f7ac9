import type { EntityData, PlainPoint, ResolvedEntity } from "@industryos/realtime/client";
import type { ValueOrigin } from "./widget-config.ts";

/** One value an entity widget reads: a key of the latest telemetry or of one attribute scope. */
export interface EntityField {
  key: string;
  from: ValueOrigin;
}

export { VALUE_ORIGINS } from "@industryos/dashboard-schema";

/** The latest values of each origin an entity widget subscribed to. */
export type ValuesByOrigin = Partial<Record<ValueOrigin, EntityData>>;

/** The keys to subscribe to from one origin (each once, blank keys left out while being typed). */
export function keysFrom(fields: readonly EntityField[], origin: ValueOrigin): string[] {
  return [...new Set(fields.filter((f) => f.from === origin && f.key.length > 0).map((f) => f.key))];
}

/** The newest point of a field of one entity, if it has one. */
export function fieldValue(values: ValuesByOrigin, entityId: string, field: EntityField): PlainPoint | undefined {
  return values[field.from]?.[entityId]?.[field.key]?.at(-1);
}

/** One row per entity, its name and the value of each column (in column order). */
export interface EntityRow {
  id: string;
  name: string;
  values: unknown[];
}

export function entityRows(
  entities: readonly ResolvedEntity[],
  columns: readonly EntityField[],
  values: ValuesByOrigin,
): EntityRow[] {
  return entities.map((e) => ({
    id: e.id,
    name: e.name,
    values: columns.map((c) => fieldValue(values, e.id, c)?.value),
  }));
}
