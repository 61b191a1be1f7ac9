import type { DashboardConfig } from "@industryos/dashboard-schema";

/** Device, profile and asset ids a configuration refers to (checked against the tenant on save). */
export function referencedIds(config: DashboardConfig): {
  devices: string[];
  deviceProfiles: string[];
  assets: string[];
} {
  const devices = new Set<string>();
  const deviceProfiles = new Set<string>();
  const assets = new Set<string>();
  for (const w of config.widgets) {
    if (!("source" in w)) continue;
    if (w.source.type === "device" && w.source.deviceId) devices.add(w.source.deviceId);
    if (w.source.type === "devicesOfProfile" && w.source.deviceProfileId) deviceProfiles.add(w.source.deviceProfileId);
    if (w.source.type === "devicesRelatedToAsset" && w.source.assetId) assets.add(w.source.assetId);
  }
  return { devices: [...devices], deviceProfiles: [...deviceProfiles], assets: [...assets] };
}
