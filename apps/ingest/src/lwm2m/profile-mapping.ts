import type { Lwm2mProfileConfig } from "@industryos/device-protocol";
import type { ResourceValue } from "./content-formats.ts";

export const EMPTY_PROFILE_CONFIG: Lwm2mProfileConfig = { observe: [], telemetry: {}, attributes: {} };

/**
 * The telemetry and attributes a client's values become. A value whose path the profile maps to
 * no key is stored as telemetry under its path, so an observation started from the console
 * still shows up on the device.
 */
export function mapValues(config: Lwm2mProfileConfig, values: ResourceValue[]) {
  const telemetry: Record<string, unknown> = {};
  const attributes: Record<string, unknown> = {};
  for (const { path, value } of values) {
    if (value === null || (typeof value === "object" && value !== null)) continue;
    if (config.attributes[path]) attributes[config.attributes[path]] = value;
    else telemetry[config.telemetry[path] ?? path] = value;
  }
  return { telemetry, attributes };
}
