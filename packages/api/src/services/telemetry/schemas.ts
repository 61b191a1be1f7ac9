import { AGGREGATIONS } from "@industryos/db/telemetry";
import { DeviceProtocolError, parseTelemetry } from "@industryos/device-protocol";
import { z } from "zod";
import { attributeKeyList } from "../attributes/schemas.ts";

const timestamp = z.coerce.number().int().min(0);

export const latestTelemetryInput = z.object({ keys: attributeKeyList.optional() });

export const telemetryHistoryInput = z
  .object({
    keys: attributeKeyList.pipe(z.array(z.string()).min(1, "Name at least one key")),
    /** Milliseconds since the epoch; default: the last 24 hours. */
    from: timestamp.optional(),
    to: timestamp.optional(),
    agg: z.enum(AGGREGATIONS).default("NONE"),
    /** Bucket size for aggregation, in milliseconds. */
    interval: z.coerce.number().int().min(1000).optional(),
    limit: z.coerce.number().int().min(1).max(10_000).default(100),
    order: z.enum(["asc", "desc"]).default("desc"),
  })
  .refine((q) => q.agg === "NONE" || q.interval !== undefined, {
    message: "Aggregation needs an interval (ms)",
    path: ["interval"],
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, {
    message: "from must be before to",
    path: ["from"],
  });

export const telemetryPoint = z.object({ ts: z.number(), value: z.unknown() });

/** `?keys=a,b&from=&to=`: the points of those keys in [from, to) go. */
export const deleteTelemetryInput = z
  .object({
    keys: attributeKeyList.pipe(z.array(z.string()).min(1, "Name the keys to delete")),
    from: timestamp,
    to: timestamp,
  })
  .refine((q) => q.from < q.to, { message: "from must be before to", path: ["from"] });

const telemetryObject = z.record(z.string(), z.unknown());

/**
 * A body in the device API's telemetry forms: a flat object `{"temperature": 21.5}`, `{"ts":
 * ms, "values": {...}}`, or an array of those. The schema documents the shape; the device API's
 * own parser (device-protocol's `parseTelemetry`) types and checks the values, with the server's
 * receive time for points without `ts`.
 */
export const telemetryPayload = z.union([telemetryObject, z.array(telemetryObject)]).transform((json, ctx) => {
  const receivedAt = Date.now();
  try {
    return { receivedAt, points: parseTelemetry(json, receivedAt), data: JSON.stringify(json) };
  } catch (error) {
    if (!(error instanceof DeviceProtocolError)) throw error;
    ctx.issues.push({ code: "custom", message: error.message, input: json });
    return z.NEVER;
  }
});

export const savedTelemetry = z.object({
  /** Points stored. */
  points: z.number(),
  /** Their keys, each once. */
  keys: z.array(z.string()),
});
