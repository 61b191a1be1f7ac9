import { z } from "zod";
import { defineNode, success } from "../node.ts";
import type { LatestValue } from "../services.ts";
import { keyName, MESSAGE_PARTS, withValues } from "./shared.ts";

/** ThingsBoard's prefixes, so chains and scripts written for it read the same keys. */
export const SCOPE_PREFIXES = { CLIENT: "cs_", SHARED: "shared_", SERVER: "ss_" } as const;

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
    const scopes = [
      ["CLIENT", config.clientKeys],
      ["SHARED", config.sharedKeys],
      ["SERVER", config.serverKeys],
    ] as const;
    const [attributes, latest] = await Promise.all([
      Promise.all(
        scopes.map(([scope, keys]) =>
          keys.length > 0 ? services.attributes.get(tenantId, originator, scope, keys) : Promise.resolve({}),
        ),
      ),
      config.latestTelemetryKeys.length > 0
        ? services.telemetry.latest(tenantId, originator, config.latestTelemetryKeys)
        : Promise.resolve<Record<string, LatestValue>>({}),
    ]);
    const values: Record<string, unknown> = {};
    scopes.forEach(([scope], i) => {
      for (const [key, value] of Object.entries(attributes[i]!)) values[SCOPE_PREFIXES[scope] + key] = value;
    });
    for (const [key, point] of Object.entries(latest)) values[key] = point.value;
    return success(withValues(message, config.to, values, "Originator attributes"));
  },
});
