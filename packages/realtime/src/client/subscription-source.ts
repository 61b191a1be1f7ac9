import type { DataSource } from "@industryos/dashboard-schema";
import type { EntityQuery, EntityRef } from "../protocol/commands.ts";

/**
 * The `entity` or `query` of a subscription for a dashboard widget's data source; null while the
 * widget has no source chosen. Widgets subscribe with it, and a public link is allowed exactly it.
 */
export function subscriptionSourceOf(source: DataSource): { entity: EntityRef } | { query: EntityQuery } | null {
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
    case "entityFromState":
      // Stands for whichever entity the dashboard's state was opened for: the console substitutes it (a device)
      // before subscribing, so on its own it names nothing to subscribe to.
      return null;
  }
}
