import type { ResolvedEntity } from "@industryos/realtime/client";
import { VALUE_ORIGINS } from "@industryos/dashboard-schema";
import { fieldValue, type ValuesByOrigin } from "./entity-values.ts";

export interface DevicePosition {
  id: string;
  name: string;
  lat: number;
  lng: number;
}

/** Devices report numbers or numeric strings ("52.52"); anything else is no coordinate. */
function coordinate(value: unknown, limit: number): number | undefined {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) && Math.abs(n) <= limit ? n : undefined;
}

/**
 * Where each device is: the newest latitude/longitude pair among its telemetry and attribute scopes
 * (a moving device's telemetry overrides the position it was installed at, and the other way round
 * once it is updated). Devices with no valid pair are left off the map.
 */
export function devicePositions(entities: readonly ResolvedEntity[], values: ValuesByOrigin): DevicePosition[] {
  const positions: DevicePosition[] = [];
  for (const entity of entities) {
    let best: { ts: number; lat: number; lng: number } | undefined;
    for (const from of VALUE_ORIGINS) {
      const lat = fieldValue(values, entity.id, { key: "latitude", from });
      const lng = fieldValue(values, entity.id, { key: "longitude", from });
      const latitude = coordinate(lat?.value, 90);
      const longitude = coordinate(lng?.value, 180);
      if (latitude === undefined || longitude === undefined) continue;
      const ts = Math.max(lat!.ts, lng!.ts);
      if (!best || ts > best.ts) best = { ts, lat: latitude, lng: longitude };
    }
    if (best) positions.push({ id: entity.id, name: entity.name, lat: best.lat, lng: best.lng });
  }
  return positions;
}
