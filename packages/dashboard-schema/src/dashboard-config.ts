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
  /** The entity a detail state was opened for (by a click on a map marker or an entities-table row). */
  z.object({ type: z.literal("entityFromState") }),
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

/** Where an entity's value is read: its latest telemetry, or one scope of its attributes. */
const valueOrigin = z.enum(["telemetry", "SERVER", "SHARED", "CLIENT"]);
/** A column of an entities table, or a value in a map marker's popup. */
const column = keySettings.extend({ from: valueOrigin });
const columns = z.array(column).max(20);
/** The state a click on an entity opens for it; none: clicks open nothing. */
const detailStateId = id.optional();

/**
 * An image widget's background: an http(s) URL, or an uploaded picture kept in the dashboard as a
 * data URL (so it shows offline). The console scales uploads down to fit; the cap keeps a dashboard
 * well under the API's 1 MiB body limit.
 */
export const MAX_IMAGE_URL_LENGTH = 600_000;
const imageUrl = z
  .string()
  .max(MAX_IMAGE_URL_LENGTH, "the image is too large: upload a smaller one or give its URL")
  .regex(/^(|https?:\/\/\S+|data:image\/(png|jpeg|webp|gif|svg\+xml);base64,[A-Za-z0-9+/=]+)$/, {
    message: "must be an http(s) URL or an uploaded image",
  });
/** A value shown over an image: a key's latest value at `x`% from the left and `y`% from the top. */
const imageMarker = keySettings.extend({ x: z.number().min(0).max(100), y: z.number().min(0).max(100) });

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
  z.object({
    id,
    title,
    kind: z.literal("map"),
    source,
    /** `{z}/{x}/{y}` tile URL template; empty: no tiles (offline plants), markers on a plain background. */
    tileUrl: z.string().max(2000),
    columns,
    detailStateId,
  }),
  z.object({ id, title, kind: z.literal("entitiesTable"), source, columns, detailStateId }),
  /** An on/off (or any enum) timeline of each key over the dashboard's time window. */
  z.object({ id, title, kind: z.literal("stateChart"), source, keys }),
  /** One bar per device of the source for each key's latest value. */
  z.object({ id, title, kind: z.literal("barByEntity"), source, keys }),
  z.object({
    id,
    title,
    kind: z.literal("image"),
    source,
    imageUrl,
    markers: z.array(imageMarker).max(50),
  }),
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

const widgets = z.array(widget).max(100);
const layout = z.array(placement).max(100);

/** A named state besides the dashboard's default one (e.g. a device's details), with its own widgets and layout. */
const dashboardState = z.object({ id, name: z.string().min(1).max(100), widgets, layout });

type Screen = { widgets: WidgetConfig[]; layout: WidgetPlacement[] };
const everyScreen = (c: Screen & { states?: Screen[] }): Screen[] => [c, ...(c.states ?? [])];

export const dashboardConfigSchema = z
  .object({
    version: z.literal(1),
    widgets,
    layout,
    timeWindow,
    // Optional, with no default: dashboards saved before states existed stay valid and read back unchanged.
    states: z.array(dashboardState).max(20).optional(),
  })
  .refine(
    (c) => {
      const ids = everyScreen(c).flatMap((s) => s.widgets.map((w) => w.id));
      return new Set(ids).size === ids.length;
    },
    { message: "widget ids must be unique", path: ["widgets"] },
  )
  .refine((c) => everyScreen(c).every((s) => s.layout.every((p) => s.widgets.some((w) => w.id === p.i))), {
    message: "every layout entry must name a widget of its state",
    path: ["layout"],
  })
  .refine((c) => new Set((c.states ?? []).map((s) => s.id)).size === (c.states ?? []).length, {
    message: "state ids must be unique",
    path: ["states"],
  })
  .refine(
    (c) =>
      everyScreen(c).every((s) =>
        s.widgets.every(
          (w) =>
            !("detailStateId" in w) || !w.detailStateId || (c.states ?? []).some((st) => st.id === w.detailStateId),
        ),
      ),
    { message: "a widget's detail state must be one of the dashboard's states", path: ["states"] },
  );

// No defaults or transforms above: what a client writes (z.input) is what it reads back (z.infer).
export type DashboardConfig = z.infer<typeof dashboardConfigSchema>;
export type WidgetConfig = z.infer<typeof widget>;
export type WidgetKind = WidgetConfig["kind"];
export type DataSource = z.infer<typeof source>;
export type KeySettings = z.infer<typeof keySettings>;
export type Threshold = z.infer<typeof threshold>;
export type WidgetPlacement = z.infer<typeof placement>;
export type DashboardTimeWindow = z.infer<typeof timeWindow>;
export type DashboardState = z.infer<typeof dashboardState>;
export type ValueOrigin = z.infer<typeof valueOrigin>;
export type ColumnSettings = z.infer<typeof column>;
export type ImageMarker = z.infer<typeof imageMarker>;

/** A new dashboard: no widgets, the last hour in real time. */
export const EMPTY_DASHBOARD: DashboardConfig = {
  version: 1,
  widgets: [],
  layout: [],
  timeWindow: { type: "realtime", lastMs: 3_600_000 },
};
