import { z } from "zod";
import { PermanentError } from "../errors.ts";
import { defineNode } from "../node.ts";
import { isRecord, keyName } from "./shared.ts";

const latitude = z.number().min(-90).max(90);
const longitude = z.number().min(-180).max(180);
const EARTH_RADIUS_M = 6_371_008.8;

/** Great-circle distance in metres (haversine). */
export function distanceMeters(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLng = (lng2 - lng1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Ray casting on plain latitude/longitude: right for fences that do not cross the antimeridian or a pole. */
export function insidePolygon(lat: number, lng: number, polygon: readonly (readonly [number, number])[]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [latI, lngI] = polygon[i]!;
    const [latJ, lngJ] = polygon[j]!;
    if (lngI > lng !== lngJ > lng && lat < ((latJ - latI) * (lng - lngI)) / (lngJ - lngI) + latI) inside = !inside;
  }
  return inside;
}

function coordinate(data: unknown, metadata: Record<string, string>, key: string): number | undefined {
  const raw = isRecord(data) && key in data ? data[key] : metadata[key];
  const value = typeof raw === "number" ? raw : typeof raw === "string" && raw.trim() !== "" ? Number(raw) : NaN;
  return Number.isFinite(value) ? value : undefined;
}

export const geofence = defineNode({
  type: "filter.geofence",
  category: "filter",
  title: "Geofencing",
  description:
    "Inside or Outside a fence: a polygon of [latitude, longitude] points, or a circle with a radius in metres. Coordinates are read from the message data (or metadata); a message without them is a Failure. Polygons must not cross the antimeridian.",
  config: z
    .object({
      latitudeKey: keyName.default("latitude"),
      longitudeKey: keyName.default("longitude"),
      polygon: z
        .array(z.tuple([latitude, longitude]))
        .min(3, "A polygon has at least 3 points")
        .optional(),
      circle: z
        .object({ lat: latitude, lng: longitude, radiusMeters: z.number().positive("The radius is above 0") })
        .optional(),
    })
    .refine((c) => !!c.polygon !== !!c.circle, { message: "Give either a polygon or a circle", path: ["polygon"] }),
  relations: ["Inside", "Outside"],
  run: async (message, config) => {
    const lat = coordinate(message.data, message.metadata, config.latitudeKey);
    const lng = coordinate(message.data, message.metadata, config.longitudeKey);
    if (lat === undefined || lng === undefined)
      throw new PermanentError(`Geofencing needs numeric ${config.latitudeKey} and ${config.longitudeKey}`);
    const inside = config.circle
      ? distanceMeters(lat, lng, config.circle.lat, config.circle.lng) <= config.circle.radiusMeters
      : insidePolygon(lat, lng, config.polygon!);
    return [{ relation: inside ? "Inside" : "Outside", message }];
  },
});
