import type { EntityQuery, EntityRef } from "@industryos/realtime/client";
import type { DataSource } from "./widget-config.ts";

/** The `entity` or `query` field of a subscription for a widget's data source; null when not chosen yet. */
export function toSubscriptionSource(source: DataSource): { entity: EntityRef } | { query: EntityQuery } | null {
  switch (source.type) {
    case "device":
      return source.deviceId ? { entity: { type: "DEVICE", id: source.deviceId } } : null;
    case "devicesOfProfile":
      return source.deviceProfileId
        ? { query: { type: "devicesOfProfile", deviceProfileId: source.deviceProfileId } }
        : null;
    case "devicesRelatedToAsset":
      return source.assetId
        ? {
            query: {
              type: "devicesRelatedToAsset",
              assetId: source.assetId,
              ...(source.relationType ? { relationType: source.relationType } : {}),
            },
          }
        : null;
  }
}
