import { z } from "zod";
import { pagingInput, uuid } from "../shared/paging.ts";

export const createEdgeInput = z.object({
  name: z.string().trim().min(1, "Name the edge after its site").max(100, "Keep the edge's name to 100 characters"),
});
export const updateEdgeInput = createEdgeInput.partial();
export const listEdgesInput = pagingInput;
export type CreateEdgeInput = z.output<typeof createEdgeInput>;
export type UpdateEdgeInput = z.output<typeof updateEdgeInput>;

export const edgeView = z.object({
  id: z.string(),
  name: z.string(),
  /** What the edge is started with as EDGE_KEY. */
  routingKey: z.string(),
  /** The highest uplink sequence number the cloud has applied. */
  uplinkSeq: z.number(),
  lastSeenAt: z.string().nullable(),
  createdAt: z.string(),
});
export type EdgeView = z.infer<typeof edgeView>;

/** Create's answer: the secret (EDGE_SECRET) is in it once; only its hash is kept. */
export const createdEdgeView = edgeView.extend({ secret: z.string() });

// ---- downlink: what the edge pulls ----

export const downlinkQuery = z.object({
  /** The `cursor` of the previous answer; none for a first (full) sync. */
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});

const json = z.unknown();
export const downlinkRuleChain = z.object({
  id: z.string(),
  name: z.string(),
  root: z.boolean(),
  debugMode: z.boolean(),
  configuration: json,
  version: z.number(),
  updatedAt: z.string(),
});
export const downlinkDeviceProfile = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  isDefault: z.boolean(),
  transportType: z.string(),
  transportConfig: json,
  provisionType: z.string(),
  provisionDeviceKey: z.string().nullable(),
  provisionDeviceSecret: z.string().nullable(),
  provisionConfig: json,
  alarmRules: json,
  defaultRuleChainId: z.string().nullable(),
  defaultQueueName: z.string().nullable(),
  updatedAt: z.string(),
});
export const downlinkDevice = z.object({
  id: z.string(),
  deviceProfileId: z.string(),
  name: z.string(),
  label: z.string().nullable(),
  type: z.string(),
  isGateway: z.boolean(),
  additionalInfo: json,
  updatedAt: z.string(),
});
/** What the edge's ingest authenticates a device by: the token, thumbprint or MQTT basic login (password hashed). */
export const downlinkCredential = z.object({
  id: z.string(),
  deviceId: z.string(),
  type: z.string(),
  credentialsId: z.string(),
  mqttClientId: z.string().nullable(),
  mqttUsername: z.string().nullable(),
  mqttPasswordHash: z.string().nullable(),
  certificatePem: z.string().nullable(),
  updatedAt: z.string(),
});

export const downlinkPage = z.object({
  tenant: z.object({ id: z.string(), name: z.string() }),
  edge: z.object({ id: z.string(), name: z.string() }),
  /** The highest uplink sequence number applied: an edge whose database was replaced numbers on from it. */
  uplinkSeq: z.number(),
  /** Changed since the cursor, in the order an edge stores them (a profile's rule chain comes before it). */
  ruleChains: z.array(downlinkRuleChain),
  deviceProfiles: z.array(downlinkDeviceProfile),
  devices: z.array(downlinkDevice),
  credentials: z.array(downlinkCredential),
  /** Pass it back to get what changed after this page. */
  cursor: z.string(),
  /** More changes are waiting: ask again at once. */
  more: z.boolean(),
});
export type DownlinkPage = z.infer<typeof downlinkPage>;

// ---- uplink: what the edge pushes ----

export const kvValue = z.discriminatedUnion("type", [
  z.object({ type: z.literal("BOOLEAN"), value: z.boolean() }),
  z.object({ type: z.literal("LONG"), value: z.number().int() }),
  z.object({ type: z.literal("DOUBLE"), value: z.number() }),
  z.object({ type: z.literal("STRING"), value: z.string() }),
  z.object({ type: z.literal("JSON"), value: z.unknown() }),
]);

const seq = z.number().int().min(1);
const telemetryEntry = z.object({
  seq,
  kind: z.literal("TELEMETRY"),
  entityId: uuid,
  points: z.array(z.object({ key: z.string().min(1).max(255), ts: z.number().int().min(0), value: kvValue })).min(1),
});
const attributeEntry = z.object({
  seq,
  kind: z.literal("ATTRIBUTES"),
  entityType: z.literal("DEVICE"),
  entityId: uuid,
  scope: z.enum(["CLIENT", "SHARED", "SERVER"]),
  key: z.string().min(1).max(255),
  value: kvValue,
  lastUpdateTs: z.number().int().min(0),
});
/** An alarm row as the edge holds it after a change (raised, updated, acknowledged, cleared). */
const alarmEntry = z.object({
  seq,
  kind: z.literal("ALARM"),
  alarm: z.object({
    id: uuid,
    originatorType: z.enum(["DEVICE", "ASSET", "CUSTOMER", "TENANT"]),
    originatorId: uuid,
    type: z.string().min(1).max(255),
    severity: z.enum(["CRITICAL", "MAJOR", "MINOR", "WARNING", "INDETERMINATE"]),
    acknowledged: z.boolean(),
    cleared: z.boolean(),
    startTs: z.string(),
    endTs: z.string(),
    ackTs: z.string().nullable(),
    clearTs: z.string().nullable(),
    details: z.unknown(),
  }),
});
export const uplinkEntry = z.discriminatedUnion("kind", [telemetryEntry, attributeEntry, alarmEntry]);
export type UplinkEntry = z.infer<typeof uplinkEntry>;

export const uplinkBatch = z.object({
  entries: z
    .array(uplinkEntry)
    .min(1)
    .max(5000)
    .refine((entries) => entries.every((e, i) => i === 0 || e.seq > entries[i - 1]!.seq), {
      message: "entries must be in ascending seq order",
    }),
});
export type UplinkBatch = z.infer<typeof uplinkBatch>;

export const uplinkResult = z.object({
  /** Everything at or below it is applied: the edge may delete those entries. */
  uplinkSeq: z.number(),
  applied: z.number(),
  /** Entries at or below the previous uplinkSeq: a retried batch, not applied twice. */
  duplicates: z.number(),
  /** Entries naming a device or alarm originator this tenant does not have (deleted in the cloud): dropped. */
  unknown: z.number(),
});
