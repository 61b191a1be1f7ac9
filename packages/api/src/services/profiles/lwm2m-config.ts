import { lwm2mProfileConfig, type Lwm2mProfileConfig } from "@industryos/device-protocol";

const asObject = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/**
 * The profile's new `transportConfig` with its LwM2M mapping under `lwm2m` (ingest reads it there
 * when a client registers): set, removed (null), or kept as stored (undefined). The payload
 * settings beside it are untouched.
 */
export function withLwm2mConfig(current: unknown, lwm2m: Lwm2mProfileConfig | null | undefined) {
  const { lwm2m: stored, ...rest } = asObject(current);
  if (lwm2m === null) return rest;
  if (lwm2m === undefined) return stored === undefined ? rest : { ...rest, lwm2m: stored };
  return { ...rest, lwm2m };
}

/** The profile's LwM2M mapping, or null when it has none (or a stored one that no longer validates). */
export function lwm2mConfigView(transportConfig: unknown): Lwm2mProfileConfig | null {
  const parsed = lwm2mProfileConfig.safeParse(asObject(transportConfig).lwm2m);
  return asObject(transportConfig).lwm2m !== undefined && parsed.success ? parsed.data : null;
}
