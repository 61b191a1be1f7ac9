import { generateAccessToken, hashSecret } from "@industryos/db";
import { invalidateDeviceCredentials, pushSharedAttributes } from "@industryos/device-bus";
import { limitsOf } from "../../admin/tenant-limits.ts";
import { upsertAttributes } from "../../attributes/attribute-value.ts";
import { recordAudit } from "../../audit/record-audit.ts";
import { deviceInclude, toDeviceView } from "../../devices/device-view.ts";
import { assignmentEvents, emitEntityEvent } from "../../telemetry/entity-events.ts";
import type { BulkJobContext } from "../bulk-job-context.ts";
import type { ImportCredentials, ImportRowData } from "../import/import-row.ts";
import { CREDENTIALS_TAKEN, TOO_MANY_CONFLICTS, type ConflictBudget } from "./credential-conflicts.ts";
import { completeItem, ItemFailure, type Tx } from "./item-outcome.ts";
import { isUniqueViolation } from "../../../rest/error-response.ts";

/** The credential row a device gets: a generated token when the row chose none, the MQTT password hashed. */
async function credentialRow(credentials: ImportCredentials | undefined) {
  if (!credentials || credentials.type === "ACCESS_TOKEN")
    return { type: "ACCESS_TOKEN" as const, credentialsId: credentials?.credentialsId ?? generateAccessToken() };
  if (credentials.type === "X509_CERTIFICATE")
    return {
      type: credentials.type,
      credentialsId: credentials.credentialsId,
      certificatePem: credentials.certificatePem,
    };
  return {
    type: credentials.type,
    credentialsId: credentials.credentialsId,
    mqttClientId: credentials.mqttClientId,
    mqttUsername: credentials.mqttUsername,
    mqttPasswordHash: await hashSecret(credentials.password ?? ""),
  };
}

async function saveAttributes(tx: Tx, tenantId: string, deviceId: string, attributes: ImportRowData["attributes"]) {
  const now = new Date();
  const target = { tenantId, entityType: "DEVICE" as const, entityId: deviceId };
  await upsertAttributes(tx, { ...target, scope: "SERVER" }, attributes.SERVER, now);
  return upsertAttributes(tx, { ...target, scope: "SHARED" }, attributes.SHARED, now);
}

/** The tenant's device limit, read once per batch (null: none). */
export async function deviceLimitOf(ctx: BulkJobContext): Promise<number | null> {
  const tenant = await ctx.deps.db.system.tenant.findUnique({
    where: { id: ctx.tenantId },
    select: { settings: true },
  });
  return limitsOf(tenant?.settings).maxDevices ?? null;
}

/**
 * One import row: creates the device with its credentials and attributes, or updates the device of that name, in
 * one transaction with the row's record. A name taken since validation fails the row (it never overwrites a device
 * the row did not mean); chosen credentials another device holds, anywhere, fail it without saying where.
 */
export async function runImportRow(
  ctx: BulkJobContext,
  item: { jobId: string; index: number; data: unknown },
  maxDevices: number | null,
  conflicts: ConflictBudget,
) {
  const row = item.data as ImportRowData;
  const chosen =
    row.credentials !== undefined && !(row.credentials.type === "ACCESS_TOKEN" && !row.credentials.credentialsId);
  if (chosen && conflicts.left <= 0) throw new ItemFailure(TOO_MANY_CONFLICTS);
  const credentials = row.action === "create" || row.credentials ? await credentialRow(row.credentials) : undefined;
  // What the row keeps once done: never the MQTT password.
  const kept =
    row.credentials?.type === "MQTT_BASIC" ? { ...row, credentials: { ...row.credentials, password: undefined } } : row;
  const { device, before, shared } = await ctx.db
    .$transaction(async (tx) => {
      let before: { customerId: string | null } | null = null;
      let deviceId: string;
      if (row.action === "create") {
        if (maxDevices !== null && (await tx.device.count()) >= maxDevices)
          throw new ItemFailure(`This workspace may have at most ${maxDevices} devices`);
        const created = await tx.device.create({
          data: {
            tenantId: ctx.tenantId,
            name: row.name,
            label: row.label ?? null,
            type: row.type ?? "default",
            deviceProfileId: row.profileId!,
            customerId: row.customerId ?? null,
          },
        });
        deviceId = created.id;
      } else {
        const existing = await tx.device.findFirst({
          where: { name: row.name },
          select: { id: true, customerId: true },
        });
        if (!existing) throw new ItemFailure("The device no longer exists");
        before = existing;
        deviceId = existing.id;
        await tx.device.update({
          where: { id: deviceId },
          data: {
            ...(row.type ? { type: row.type } : {}),
            ...(row.label ? { label: row.label } : {}),
            ...(row.profileId ? { deviceProfileId: row.profileId } : {}),
            ...(row.customerId ? { customerId: row.customerId } : {}),
          },
        });
        if (credentials) await tx.deviceCredential.deleteMany({ where: { deviceId } });
      }
      if (credentials) await tx.deviceCredential.create({ data: { tenantId: ctx.tenantId, deviceId, ...credentials } });
      const shared = await saveAttributes(tx, ctx.tenantId, deviceId, row.attributes);
      await completeItem(tx, item, { status: "SUCCEEDED", resultId: deviceId, data: kept });
      const device = await tx.device.findUniqueOrThrow({ where: { id: deviceId }, include: deviceInclude });
      return { device, before, shared };
    })
    .catch((error: unknown) => {
      // A name taken since validation, or credentials another device holds (counted against the budget).
      if (!isUniqueViolation(error)) throw error;
      if (!JSON.stringify((error as { meta?: unknown }).meta ?? "").includes("credentialsId"))
        throw new ItemFailure("A device with this name exists");
      conflicts.left--;
      throw new ItemFailure(CREDENTIALS_TAKEN);
    });
  // Committed: what follows tells others (ingest's credential cache, a connected device, the rule engine, the audit log).
  if (before && credentials) await invalidateDeviceCredentials(ctx.deps.redis, device.id);
  if (shared.length > 0 && before) await pushSharedAttributes(ctx.deps.redis, device.id, { updated: shared });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: before ? "UPDATED" : "ADDED",
    entityType: "DEVICE",
    entityId: device.id,
    entityName: device.name,
    actionData: { bulkJobId: item.jobId, row: item.index },
  });
  await emitEntityEvent(ctx, { type: "DEVICE", id: device.id }, toDeviceView(device), [
    before ? "ENTITY_UPDATED" : "ENTITY_CREATED",
    ...assignmentEvents(before?.customerId ?? null, device.customerId),
  ]);
}
