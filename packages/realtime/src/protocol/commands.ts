import { AGGREGATIONS, type Aggregation } from "@industryos/db/telemetry/contract";
import { z } from "zod";

/**
 * Every command a client may send over `/api/ws`, one JSON object per WebSocket message.
 * Each carries a `cmdId` chosen by the client; every answer and error names it.
 */

const cmdId = z.number().int().min(0).max(2_147_483_647);
const key = z.string().min(1).max(255);
const keys = z.array(key).min(1).max(100);

/** One device, by id. */
export const entityRefSchema = z.object({ type: z.literal("DEVICE"), id: z.uuid() });

/** Every device an entity query matches (resolved when the subscription starts). */
export const entityQuerySchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("devicesOfProfile"), deviceProfileId: z.uuid() }),
  z.object({
    type: z.literal("devicesRelatedToAsset"),
    assetId: z.uuid(),
    /** Relation type from the asset to its devices ("Contains", ...); any type when omitted. */
    relationType: z.string().min(1).max(255).optional(),
  }),
]);

/** A data source: exactly one of `entity` or `query`. */
const dataSource = {
  entity: entityRefSchema.optional(),
  query: entityQuerySchema.optional(),
};
const oneSource = (value: { entity?: unknown; query?: unknown }) =>
  (value.entity === undefined) !== (value.query === undefined);
const oneSourceMessage = { message: "give exactly one of `entity` or `query`" };

export const aggregationSchema = z.enum(AGGREGATIONS);
export const attributeScopeSchema = z.enum(["CLIENT", "SHARED", "SERVER"]);

/** A rolling window ("last N ms", it follows the clock) or a fixed range (epoch ms). */
export const timeWindowSchema = z.union([
  z.object({
    lastMs: z
      .number()
      .int()
      .min(1000)
      .max(10 * 366 * 86_400_000),
  }),
  z
    .object({ from: z.number().int().min(0), to: z.number().int().min(0) })
    .refine((w) => w.to > w.from, { message: "`to` must be after `from`" }),
]);

export const authCommandSchema = z
  .object({
    type: z.literal("auth"),
    cmdId,
    /** An API key (`iok_...`), for integrators. */
    apiKey: z.string().min(1).max(512).optional(),
    /** The id in a public dashboard link. */
    publicId: z.string().min(1).max(512).optional(),
  })
  .refine((c) => (c.apiKey === undefined) !== (c.publicId === undefined), {
    message: "give exactly one of `apiKey` or `publicId`",
  });

export const subscribeLatestSchema = z
  .object({
    type: z.literal("subscribeLatest"),
    cmdId,
    ...dataSource,
    /** Keys to follow; every key when omitted. */
    keys: keys.optional(),
  })
  .refine(oneSource, oneSourceMessage);

export const subscribeTimeseriesSchema = z
  .object({
    type: z.literal("subscribeTimeseries"),
    cmdId,
    ...dataSource,
    keys,
    window: timeWindowSchema,
    agg: aggregationSchema.default("NONE"),
    /** Bucket length for aggregation; ignored (and optional) for NONE. */
    intervalMs: z.number().int().min(1000).optional(),
    /** Most history points per key (NONE only). */
    limit: z.number().int().min(1).max(50_000).default(1000),
  })
  .refine(oneSource, oneSourceMessage)
  .refine((c) => c.agg === "NONE" || c.intervalMs !== undefined, {
    message: "`intervalMs` is required when `agg` is not NONE",
    path: ["intervalMs"],
  });

export const subscribeAttributesSchema = z
  .object({
    type: z.literal("subscribeAttributes"),
    cmdId,
    ...dataSource,
    scope: attributeScopeSchema,
    keys: keys.optional(),
  })
  .refine(oneSource, oneSourceMessage);

/** An alarm's originator, or an entity alarms propagate to (a related asset, the customer, the tenant). */
export const alarmOriginatorSchema = z.object({
  type: z.enum(["DEVICE", "ASSET", "CUSTOMER", "TENANT"]),
  id: z.uuid(),
});

/**
 * The active alarms of one originator (raised on it or propagated to it), or with no
 * `originator` every alarm the caller may see (the tenant's; a customer user's: its customer's),
 * then every change of them.
 */
export const subscribeAlarmsSchema = z.object({
  type: z.literal("subscribeAlarms"),
  cmdId,
  originator: alarmOriginatorSchema.optional(),
});

/** Counts of the active alarms by severity, of one originator or of all the caller may see, pushed on change. */
export const subscribeAlarmCountsSchema = z.object({
  type: z.literal("subscribeAlarmCounts"),
  cmdId,
  originator: alarmOriginatorSchema.optional(),
});

/**
 * The signed-in user's in-app notifications: the unread count and the newest `limit` first, then every
 * change (new, read, deleted, all read) with the unread count again. API keys and public links have no inbox.
 */
export const subscribeNotificationsSchema = z.object({
  type: z.literal("subscribeNotifications"),
  cmdId,
  limit: z.number().int().min(0).max(50).default(10),
});

/** Stops the subscription that was started with this `cmdId`. */
export const unsubscribeSchema = z.object({ type: z.literal("unsubscribe"), cmdId });

export const commandSchemas = {
  auth: authCommandSchema,
  subscribeLatest: subscribeLatestSchema,
  subscribeTimeseries: subscribeTimeseriesSchema,
  subscribeAttributes: subscribeAttributesSchema,
  subscribeAlarms: subscribeAlarmsSchema,
  subscribeAlarmCounts: subscribeAlarmCountsSchema,
  subscribeNotifications: subscribeNotificationsSchema,
  unsubscribe: unsubscribeSchema,
} as const;

export type CommandType = keyof typeof commandSchemas;
export type EntityRef = z.infer<typeof entityRefSchema>;
export type EntityQuery = z.infer<typeof entityQuerySchema>;
export type { Aggregation };
export type AttributeScopeName = z.infer<typeof attributeScopeSchema>;
export type TimeWindow = z.infer<typeof timeWindowSchema>;
export type AuthCommand = z.infer<typeof authCommandSchema>;
export type SubscribeLatestCommand = z.infer<typeof subscribeLatestSchema>;
export type SubscribeTimeseriesCommand = z.infer<typeof subscribeTimeseriesSchema>;
export type SubscribeAttributesCommand = z.infer<typeof subscribeAttributesSchema>;
export type UnsubscribeCommand = z.infer<typeof unsubscribeSchema>;
export type SubscribeCommand = SubscribeLatestCommand | SubscribeTimeseriesCommand | SubscribeAttributesCommand;
export type AlarmOriginator = z.infer<typeof alarmOriginatorSchema>;
export type SubscribeAlarmsCommand = z.infer<typeof subscribeAlarmsSchema>;
export type SubscribeAlarmCountsCommand = z.infer<typeof subscribeAlarmCountsSchema>;
/** The alarm subscriptions (no data source: an optional originator instead). */
export type AlarmCommand = SubscribeAlarmsCommand | SubscribeAlarmCountsCommand;
export type SubscribeNotificationsCommand = z.infer<typeof subscribeNotificationsSchema>;
export type Command =
  AuthCommand | SubscribeCommand | AlarmCommand | SubscribeNotificationsCommand | UnsubscribeCommand;
/** What a client writes (defaults may be left out). */
export type CommandInput =
  | z.input<typeof authCommandSchema>
  | z.input<typeof subscribeLatestSchema>
  | z.input<typeof subscribeTimeseriesSchema>
  | z.input<typeof subscribeAttributesSchema>
  | z.input<typeof subscribeAlarmsSchema>
  | z.input<typeof subscribeAlarmCountsSchema>
  | z.input<typeof subscribeNotificationsSchema>
  | z.input<typeof unsubscribeSchema>;
