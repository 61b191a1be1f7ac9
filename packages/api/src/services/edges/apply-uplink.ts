import type { KvValue } from "@industryos/device-protocol";
import type { TenantContext } from "../../context.ts";
import { conflict } from "../../errors.ts";
import { uplinkPublisherFor } from "../telemetry/uplink-publisher.ts";
import type { UplinkBatch, UplinkEntry } from "./schemas.ts";

type Entry<K extends UplinkEntry["kind"]> = Extract<UplinkEntry, { kind: K }>;

/** Telemetry of consecutive entries: stored per device (the store ingest writes), then published as ingest does. */
async function applyTelemetry(ctx: TenantContext, entries: Entry<"TELEMETRY">[]) {
  const byDevice = new Map<string, Entry<"TELEMETRY">["points"]>();
  for (const entry of entries) byDevice.set(entry.entityId, [...(byDevice.get(entry.entityId) ?? []), ...entry.points]);
  for (const [deviceId, points] of byDevice) await ctx.deps.telemetry.write(ctx.tenantId, deviceId, points);
  const receivedAt = Date.now();
  await uplinkPublisherFor(ctx.deps)(
    entries.map((entry) => ({
      type: "TELEMETRY",
      tenantId: ctx.tenantId,
      deviceId: entry.entityId,
      receivedAt,
      points: entry.points,
      data: JSON.stringify(entry.points.map((p) => ({ ts: p.ts, values: { [p.key]: p.value.value } }))),
    })),
  );
}

function attributeColumns(value: KvValue) {
  const columns = { boolValue: null, longValue: null, doubleValue: null, stringValue: null, jsonValue: undefined } as {
    boolValue: boolean | null;
    longValue: bigint | null;
    doubleValue: number | null;
    stringValue: string | null;
    jsonValue?: object;
  };
  if (value.type === "BOOLEAN") columns.boolValue = value.value;
  else if (value.type === "LONG") columns.longValue = BigInt(value.value);
  else if (value.type === "DOUBLE") columns.doubleValue = value.value;
  else if (value.type === "STRING") columns.stringValue = value.value;
  else columns.jsonValue = value.value as object;
  return columns;
}

/** An attribute's value as of `lastUpdateTs`: a newer value already in the cloud stays. */
async function applyAttribute(ctx: TenantContext, entry: Entry<"ATTRIBUTES">) {
  const at = new Date(entry.lastUpdateTs);
  const data = { ...attributeColumns(entry.value), entityType: entry.entityType, lastUpdateTs: at };
  const updated = await ctx.db.attribute.updateMany({
    where: { entityId: entry.entityId, scope: entry.scope, key: entry.key, lastUpdateTs: { lte: at } },
    data,
  });
  if (updated.count === 0)
    await ctx.db.attribute.createMany({
      data: [{ tenantId: ctx.tenantId, entityId: entry.entityId, scope: entry.scope, key: entry.key, ...data }],
      skipDuplicates: true,
    });
}

/**
 * The alarm as the edge holds it, under the edge's alarm id. An active alarm of the same originator and type
 * raised in the cloud meanwhile is the same alarm: it takes the edge's state instead of a second being made.
 */
async function applyAlarm(ctx: TenantContext, { alarm }: Entry<"ALARM">) {
  const state = {
    severity: alarm.severity,
    acknowledged: alarm.acknowledged,
    cleared: alarm.cleared,
    startTs: new Date(alarm.startTs),
    endTs: new Date(alarm.endTs),
    ackTs: alarm.ackTs ? new Date(alarm.ackTs) : null,
    clearTs: alarm.clearTs ? new Date(alarm.clearTs) : null,
    details: (alarm.details ?? undefined) as object | undefined,
  };
  if ((await ctx.db.alarm.updateMany({ where: { id: alarm.id }, data: state })).count > 0) return;
  const active = { originatorId: alarm.originatorId, type: alarm.type, cleared: false };
  if (!alarm.cleared && (await ctx.db.alarm.updateMany({ where: active, data: state })).count > 0) return;
  await ctx.db.alarm.createMany({
    data: [
      {
        id: alarm.id,
        tenantId: ctx.tenantId,
        originatorType: alarm.originatorType,
        originatorId: alarm.originatorId,
        type: alarm.type,
        ...state,
      },
    ],
    skipDuplicates: true,
  });
}

/** The entities the entries name that this tenant has; the others were deleted in the cloud. */
async function knownEntities(ctx: TenantContext, entries: UplinkEntry[]): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const e of entries) {
    if (e.kind !== "ALARM") ids.add(e.entityId);
    else if (e.alarm.originatorType === "DEVICE") ids.add(e.alarm.originatorId);
  }
  const devices = await ctx.db.device.findMany({ where: { id: { in: [...ids] } }, select: { id: true } });
  return new Set([...devices.map((d) => d.id), ctx.tenantId]);
}

const subjectOf = (e: UplinkEntry) => (e.kind === "ALARM" ? e.alarm.originatorId : e.entityId);

/**
 * Applies an edge's uplink batch in seq order. Entries at or below the edge's uplinkSeq were applied by an
 * earlier push of the same batch (the answer was lost) and are skipped; every write is idempotent besides,
 * so a push that failed half-way is simply applied again. The edge deletes what the answer's uplinkSeq covers.
 */
export async function applyUplink(ctx: TenantContext, edgeId: string, batch: UplinkBatch) {
  const edge = await ctx.db.edge.findUniqueOrThrow({ where: { id: edgeId }, select: { uplinkSeq: true } });
  const previous = Number(edge.uplinkSeq);
  const fresh = batch.entries.filter((e) => e.seq > previous);
  const known = await knownEntities(ctx, fresh);
  const applicable = fresh.filter((e) => known.has(subjectOf(e)));

  // Consecutive telemetry entries go to the store together; everything else one by one, in order.
  let telemetry: Entry<"TELEMETRY">[] = [];
  const flush = async () => {
    if (telemetry.length > 0) await applyTelemetry(ctx, telemetry);
    telemetry = [];
  };
  for (const entry of applicable) {
    if (entry.kind === "TELEMETRY") {
      telemetry.push(entry);
      continue;
    }
    await flush();
    if (entry.kind === "ATTRIBUTES") await applyAttribute(ctx, entry);
    else await applyAlarm(ctx, entry);
  }
  await flush();

  const last = batch.entries.at(-1)!.seq;
  if (last > previous) {
    const moved = await ctx.db.edge.updateMany({
      where: { id: edgeId, uplinkSeq: previous },
      data: { uplinkSeq: last },
    });
    if (moved.count === 0) throw conflict("Another push of this edge was applied meanwhile: send the batch again");
  }
  return {
    uplinkSeq: Math.max(previous, last),
    applied: applicable.length,
    duplicates: batch.entries.length - fresh.length,
    unknown: fresh.length - applicable.length,
  };
}
