"use client";
import type { ResolvedEntity, SubscribeRequest } from "@industryos/realtime/client";
import { toSubscriptionSource } from "./data-source.ts";
import { keysFrom, type EntityField, type ValuesByOrigin } from "./entity-values.ts";
import { useLiveData, type LiveState } from "./live-context.tsx";
import type { DataSource, ValueOrigin } from "./widget-config.ts";

export interface EntityValues {
  /** Null while the widget has no data source chosen. */
  source: ReturnType<typeof toSubscriptionSource>;
  entities: ResolvedEntity[];
  values: ValuesByOrigin;
  loading: boolean;
  error: string | null;
  merged: number;
}

/**
 * Live latest values of `fields` for every entity of a data source: one subscription per origin that has
 * keys (latest telemetry, each attribute scope), so a column may be an attribute or a telemetry key.
 */
export function useEntityValues(dataSource: DataSource, fields: readonly EntityField[]): EntityValues {
  const source = toSubscriptionSource(dataSource);
  const requestFor = (origin: ValueOrigin): SubscribeRequest | null => {
    const keys = keysFrom(fields, origin);
    if (!source || keys.length === 0) return null;
    return origin === "telemetry"
      ? { type: "subscribeLatest", ...source, keys }
      : { type: "subscribeAttributes", ...source, scope: origin, keys };
  };
  // A fixed number of hooks: an origin with no keys subscribes to nothing.
  const byOrigin: Array<[ValueOrigin, LiveState]> = [
    ["telemetry", useLiveData(requestFor("telemetry"), "latest")],
    ["SERVER", useLiveData(requestFor("SERVER"), "latest")],
    ["SHARED", useLiveData(requestFor("SHARED"), "latest")],
    ["CLIENT", useLiveData(requestFor("CLIENT"), "latest")],
  ];
  const states = byOrigin.map(([, s]) => s);
  return {
    source,
    // Every subscription has the same source, so any that resolved names the same entities.
    entities: states.find((s) => s.entities.length > 0)?.entities ?? [],
    values: Object.fromEntries(byOrigin.map(([origin, s]) => [origin, s.data])),
    loading: source !== null && states.some((s) => s.loading),
    error: states.find((s) => s.error)?.error ?? null,
    merged: states.reduce((sum, s) => sum + s.merged, 0),
  };
}
