import { pushSharedAttributes } from "@industryos/device-bus";
import type { KeyValue } from "@industryos/device-protocol";
import type { RedisClient } from "@industryos/runtime";
import type { TenantDb } from "../../deps.ts";
import { otaAttributeKeys, otaAttributesOf, type AssignedPackage } from "./ota-attributes.ts";
import type { OtaPackageType } from "./schemas.ts";

/** Devices handled per transaction: a profile's assignment may reach a whole fleet. */
const BATCH = 1000;

interface Target {
  deviceId: string;
  packageId: string | null;
}

function columnsOf(kv: KeyValue["value"]) {
  return {
    boolValue: null,
    longValue: kv.type === "LONG" ? BigInt(kv.value) : null,
    doubleValue: null,
    stringValue: kv.type === "STRING" ? kv.value : null,
  };
}

/**
 * Brings devices' OTA shared attributes in line with their target package of one type (their
 * own assignment, else their profile's). Devices whose target changed get the `fw_*` (`sw_*`)
 * attributes written (or deleted when nothing is assigned any more), their status reset to
 * QUEUED for the new target, and the change pushed to them; the others are left alone, so
 * re-applying is harmless (a retried campaign step, a profile saved twice). With `retryFailed`
 * (a campaign giving its devices the package), a device whose status says FAILED for the very
 * package it is assigned is treated as changed too: queued and pushed again, so it tries once more
 * instead of counting as failed at once with its old error. Returns the devices queued.
 */
export async function applyOtaAssignment(
  db: TenantDb,
  redis: RedisClient,
  tenantId: string,
  deviceIds: readonly string[],
  type: OtaPackageType,
  options: { retryFailed?: boolean } = {},
): Promise<string[]> {
  const changed: string[] = [];
  for (let i = 0; i < deviceIds.length; i += BATCH) {
    changed.push(...(await applyBatch(db, redis, tenantId, deviceIds.slice(i, i + BATCH), type, options)));
  }
  return changed;
}

async function applyBatch(
  db: TenantDb,
  redis: RedisClient,
  tenantId: string,
  deviceIds: string[],
  type: OtaPackageType,
  { retryFailed = false }: { retryFailed?: boolean },
): Promise<string[]> {
  const field = type === "FIRMWARE" ? "firmwareId" : "softwareId";
  const devices = await db.device.findMany({
    where: { id: { in: deviceIds } },
    select: {
      id: true,
      firmwareId: true,
      softwareId: true,
      profile: { select: { firmwareId: true, softwareId: true } },
    },
  });
  const targets: Target[] = devices.map((d) => ({ deviceId: d.id, packageId: d[field] ?? d.profile[field] ?? null }));
  const statuses = await db.deviceOtaStatus.findMany({
    where: { deviceId: { in: devices.map((d) => d.id) }, type },
    select: { deviceId: true, targetPackageId: true, state: true },
  });
  const known = new Map(statuses.map((s) => [s.deviceId, s]));
  const changes = targets.filter((t) => {
    const status = known.get(t.deviceId);
    if ((status?.targetPackageId ?? null) !== t.packageId) return true;
    return retryFailed && t.packageId !== null && status?.state === "FAILED";
  });
  if (changes.length === 0) return [];

  const packageIds = [...new Set(changes.map((c) => c.packageId).filter((id): id is string => id !== null))];
  const packages = new Map(
    (
      await db.otaPackage.findMany({
        where: { id: { in: packageIds } },
        select: {
          id: true,
          title: true,
          version: true,
          size: true,
          checksum: true,
          checksumAlgorithm: true,
          url: true,
        },
      })
    ).map((p) => [p.id, p as AssignedPackage & { id: string }]),
  );
  const keys = otaAttributeKeys(type);
  const now = new Date();
  const pushes: { deviceId: string; updated: KeyValue[]; deleted: string[] }[] = [];
  await db.$transaction(async (tx) => {
    const ids = changes.map((c) => c.deviceId);
    await tx.attribute.deleteMany({ where: { entityId: { in: ids }, scope: "SHARED", key: { in: keys } } });
    const rows = [];
    for (const change of changes) {
      const pkg = change.packageId ? packages.get(change.packageId) : undefined;
      const updated = pkg ? otaAttributesOf(type, pkg) : [];
      const set = new Set(updated.map((u) => u.key));
      pushes.push({ deviceId: change.deviceId, updated, deleted: keys.filter((k) => !set.has(k)) });
      for (const kv of updated)
        rows.push({
          tenantId,
          entityType: "DEVICE" as const,
          entityId: change.deviceId,
          scope: "SHARED" as const,
          key: kv.key,
          ...columnsOf(kv.value),
          lastUpdateTs: now,
        });
    }
    if (rows.length > 0) await tx.attribute.createMany({ data: rows });
    // One statement per distinct target; rows for devices never tracked before are created.
    const byTarget = new Map<string | null, string[]>();
    for (const c of changes) byTarget.set(c.packageId, [...(byTarget.get(c.packageId) ?? []), c.deviceId]);
    for (const [packageId, group] of byTarget) {
      await tx.deviceOtaStatus.updateMany({
        where: { deviceId: { in: group }, type },
        data: { targetPackageId: packageId, state: packageId ? "QUEUED" : null, error: null },
      });
    }
    await tx.deviceOtaStatus.createMany({
      data: changes
        .filter((c) => !known.has(c.deviceId))
        .map((c) => ({
          tenantId,
          deviceId: c.deviceId,
          type,
          targetPackageId: c.packageId,
          state: c.packageId ? "QUEUED" : null,
        })),
      skipDuplicates: true,
    });
  });
  // Saved first, so a device that is offline (or misses the push) gets them when it asks. Deletions and updates
  // go as two pushes, deletions first: ThingsBoard's attribute update message carries one or the other.
  await Promise.all(
    pushes.map(async (p) => {
      if (p.deleted.length) await pushSharedAttributes(redis, p.deviceId, { deleted: p.deleted });
      if (p.updated.length) await pushSharedAttributes(redis, p.deviceId, { updated: p.updated });
    }),
  );
  return changes.map((c) => c.deviceId);
}
