import { z } from "zod";
import { defineNode, success } from "../node.ts";
import { keyName, MESSAGE_PARTS, withValues } from "./shared.ts";

/** ThingsBoard's prefixes, so chains and scripts written for it read the same keys. */
export const SCOPE_PREFIXES = { CLIENT: "cs_", SHARED: "shared_", SERVER: "ss_" } as const;
const SCOPE_FIELDS = [
  ["CLIENT", "clientKeys"],
  ["SHARED", "sharedKeys"],
  ["SERVER", "serverKeys"],
] as const;

export const originatorAttributes = defineNode({
  type: "enrich.originatorAttributes",
  category: "enrichment",
  title: "Originator attributes",
  description:
    "Adds the originator's attributes and latest telemetry to the message metadata (or data): client attributes as `cs_<key>`, shared as `shared_<key>`, server as `ss_<key>`, telemetry under its own key. Keys the originator lacks are left out.",
  config: z
    .object({
      clientKeys: z.array(keyName).default([]),
      sharedKeys: z.array(keyName).default([]),
      serverKeys: z.array(keyName).default([]),
      latestTelemetryKeys: z.array(keyName).default([]),
      to: z.enum(MESSAGE_PARTS).default("metadata"),
    })
    .refine((c) => c.clientKeys.length + c.sharedKeys.length + c.serverKeys.length + c.latestTelemetryKeys.length > 0, {
      message: "Name at least one attribute or telemetry key",
      path: ["serverKeys"],
    }),
  relations: ["Success"],
  run: async (message, config, { services }) => {
    const { tenantId, originator } = message;
    // Only the reads the node names (most name one scope), started together; this runs for every message.
    const reads: Promise<Record<string, unknown>>[] = [];
    const prefixes: string[] = [];
    for (const [scope, field] of SCOPE_FIELDS) {
      const keys = config[field];
      if (keys.length === 0) continue;
      reads.push(services.attributes.get(tenantId, originator, scope, keys));
      prefixes.push(SCOPE_PREFIXES[scope]);
    }
    const latestRead =
      config.latestTelemetryKeys.length > 0
        ? services.telemetry.latest(tenantId, originator, config.latestTelemetryKeys)
        : null;
    const [attributes, latest] =
      reads.length === 1 && !latestRead
        ? [[await reads[0]!], null]
        : await Promise.all([Promise.all(reads), latestRead]);
    const values: Record<string, unknown> = {};
    attributes.forEach((read, i) => {
      for (const key of Object.keys(read)) values[prefixes[i] + key] = read[key];
    });
    if (latest) for (const key of Object.keys(latest)) values[key] = latest[key]!.value;
    return success(withValues(message, config.to, values, "Originator attributes"));
  },
});
