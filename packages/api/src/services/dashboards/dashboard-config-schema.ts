import { z } from "zod";

/**
 * The saved dashboard configuration (the shape `@industryos/ui` widgets read; see
 * packages/ui/src/widgets/widget-config.ts). Validated on every save and import, so a bad
 * file changes nothing and a widget never meets settings it cannot draw.
 */

const id = z.string().min(1).max(64);
const title = z.string().max(200);
const color = z.string().regex(/^#[0-9a-fA-F]{3,8}$/, "must be a #rrggbb colour");
const uuid = z.uuid();

const source = z.discriminatedUnion("type", [
  z.object({ type: z.literal("device"), deviceId: z.union([uuid, z.literal("")]) }),
  z.object({ type: z.literal("devicesOfProfile"), deviceProfileId: z.union([uuid, z.literal("")]) }),
  z.object({
    type: z.literal("devicesRelatedToAsset"),
    assetId: z.union([uuid, z.literal("")]),
    relationType: z.string().max(255).optional(),
  }),
]);

const key = z.object({
  key: z.string().max(255),
  label: z.string().max(200).optional(),
  unit: z.string().max(32).optional(),
  decimals: z.number().int().min(0).max(10).optional(),
  color: color.optional(),
});
const keys = z.array(key).max(20);
const thresholds = z.array(z.object({ from: z.number(), color })).max(20);

const widget = z.discriminatedUnion("kind", [
  z.object({ id, title, kind: z.literal("timeseries"), source, keys, chart: z.enum(["line", "area", "bar"]) }),
  z.object({ id, title, kind: z.literal("value"), source, keys, thresholds }),
  z.object({ id, title, kind: z.literal("gauge"), source, keys, min: z.number(), max: z.number(), thresholds }),
  z.object({ id, title, kind: z.literal("table"), source, keys, thresholds }),
  z.object({ id, title, kind: z.literal("attributes"), source, scope: z.enum(["CLIENT", "SHARED", "SERVER"]), keys }),
  z.object({
    id,
    title,
    kind: z.literal("rpc"),
    source,
    control: z.enum(["button", "switch", "slider"]),
    method: z.string().min(1).max(255),
    params: z.string().max(10_000),
    min: z.number().optional(),
    max: z.number().optional(),
  }),
  z.object({ id, title, kind: z.literal("markdown"), text: z.string().max(20_000) }),
  z.object({ id, title, kind: z.literal("alarms") }),
]);

const placement = z.object({
  i: id,
  x: z.number().int().min(0).max(11),
  y: z.number().int().min(0).max(10_000),
  w: z.number().int().min(1).max(12),
  h: z.number().int().min(1).max(100),
});

const timeWindow = z.discriminatedUnion("type", [
  z.object({ type: z.literal("realtime"), lastMs: z.number().int().min(1000) }),
  z.object({ type: z.literal("fixed"), from: z.number().int().min(0), to: z.number().int().min(0) }),
]);

export const dashboardConfigSchema = z
  .object({ version: z.literal(1), widgets: z.array(widget).max(100), layout: z.array(placement).max(100), timeWindow })
  .refine((c) => new Set(c.widgets.map((w) => w.id)).size === c.widgets.length, {
    message: "widget ids must be unique",
    path: ["widgets"],
  })
  .refine((c) => c.layout.every((p) => c.widgets.some((w) => w.id === p.i)), {
    message: "every layout entry must name a widget",
    path: ["layout"],
  });

export type DashboardConfigInput = z.infer<typeof dashboardConfigSchema>;

export const EMPTY_CONFIGURATION: DashboardConfigInput = {
  version: 1,
  widgets: [],
  layout: [],
  timeWindow: { type: "realtime", lastMs: 3_600_000 },
};

/** Device, profile and asset ids a configuration refers to (checked against the tenant on save). */
export function referencedIds(config: DashboardConfigInput): {
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
