import { z } from "zod";

/**
 * A dashboard's configuration: what export/import writes and the API stores. Validated on every
 * save and import, so a bad file changes nothing and a widget never meets settings it cannot
 * draw. Plain data only, so it round-trips through JSON.
 */

const id = z.string().min(1).max(64);
const title = z.string().max(200);
const color = z.string().regex(/^#[0-9a-fA-F]{3,8}$/, "must be a #rrggbb colour");
const uuid = z.uuid();

/** Where a widget's data comes from: one device, or every device an entity query matches. */
const source = z.discriminatedUnion("type", [
  z.object({ type: z.literal("device"), deviceId: z.union([uuid, z.literal("")]) }),
  z.object({ type: z.literal("devicesOfProfile"), deviceProfileId: z.union([uuid, z.literal("")]) }),
  z.object({
    type: z.literal("devicesRelatedToAsset"),
    assetId: z.union([uuid, z.literal("")]),
    relationType: z.string().max(255).optional(),
  }),
]);

/** One key shown by a widget, with how to show it. */
const keySettings = z.object({
  key: z.string().max(255),
  label: z.string().max(200).optional(),
  unit: z.string().max(32).optional(),
  decimals: z.number().int().min(0).max(10).optional(),
  color: color.optional(),
});
const keys = z.array(keySettings).max(20);
/** A value at or above `from` takes `color` (the highest matching threshold wins). */
const threshold = z.object({ from: z.number(), color });
const thresholds = z.array(threshold).max(20);

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

/** Grid position in react-grid-layout units (12 columns). */
const placement = z.object({
  i: id,
  x: z.number().int().min(0).max(11),
  y: z.number().int().min(0).max(10_000),
  w: z.number().int().min(1).max(12),
  h: z.number().int().min(1).max(100),
});

/** Real-time ("last N ms", follows the clock) or a fixed range (epoch ms). */
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

// No defaults or transforms above: what a client writes (z.input) is what it reads back (z.infer).
export type DashboardConfig = z.infer<typeof dashboardConfigSchema>;
export type WidgetConfig = z.infer<typeof widget>;
export type WidgetKind = WidgetConfig["kind"];
export type DataSource = z.infer<typeof source>;
export type KeySettings = z.infer<typeof keySettings>;
export type Threshold = z.infer<typeof threshold>;
export type WidgetPlacement = z.infer<typeof placement>;
export type DashboardTimeWindow = z.infer<typeof timeWindow>;

/** A new dashboard: no widgets, the last hour in real time. */
export const EMPTY_DASHBOARD: DashboardConfig = {
  version: 1,
  widgets: [],
  layout: [],
  timeWindow: { type: "realtime", lastMs: 3_600_000 },
};
