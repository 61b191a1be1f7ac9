import { z } from "zod";
import type { ResourceValue } from "./content-formats.ts";
import { parseLwm2mPath, formatLwm2mPath } from "./paths.ts";

const lwm2mPath = z
  .string()
  .refine((path) => parseLwm2mPath(path) !== null, "an LwM2M path such as /3303/0/5700")
  .transform((path) => formatLwm2mPath(parseLwm2mPath(path)!));
const keysByPath = z.record(lwm2mPath, z.string().trim().min(1).max(255));

/**
 * A device profile's `transportConfig.lwm2m`: which resources to observe on registration, and the
 * telemetry and attribute keys resources' values are stored under. Attribute paths are read on
 * every registration; observed ones report as they change.
 */
export const lwm2mProfileConfig = z.object({
  observe: z.array(lwm2mPath).max(100).default([]),
  telemetry: keysByPath.default({}),
  attributes: keysByPath.default({}),
});

export type Lwm2mProfileConfig = z.infer<typeof lwm2mProfileConfig>;

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
