import { AGGREGATIONS } from "@industryos/db/telemetry";
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
