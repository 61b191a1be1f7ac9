import { applyOtaAssignment, type TenantDb } from "@industryos/api";
import { INACTIVITY_TIMEOUT_MS } from "@industryos/device-protocol";
import type { RedisClient } from "@industryos/runtime";

/**
 * Gives the next `limit` devices of a wave the campaign's package: the assignment on the device
 * (which wins over its profile's), its fw_* shared attributes written and pushed, then its row
 * IN_PROGRESS. A device that is online starts its timeout now (`startedAt`); one that is offline
 * waits (startedAt null) and starts when it comes back. One already running the package succeeds
 * at once; one whose last try of it FAILED (in another campaign, or assigned directly) is queued
 * and tries again. Repeating a batch is harmless: rows still PENDING are simply assigned again.
 */
export async function releaseWaveDevices(
  db: TenantDb,
  redis: RedisClient,
  tenantId: string,
  campaignId: string,
  wave: number,
  limit: number,
  nowMs: number,
): Promise<number> {
  const campaign = await db.otaCampaign.findUniqueOrThrow({ where: { id: campaignId }, select: { packageId: true } });
  const pkg = await db.otaPackage.findUniqueOrThrow({
    where: { id: campaign.packageId },
    select: { id: true, type: true, title: true, version: true },
  });
  const rows = await db.otaCampaignDevice.findMany({
    where: { campaignId, wave, state: "PENDING" },
    select: { deviceId: true },
    orderBy: { deviceId: "asc" },
    take: limit,
  });
  if (rows.length === 0) return 0;
  const ids = rows.map((r) => r.deviceId);
  const field = pkg.type === "FIRMWARE" ? "firmwareId" : "softwareId";
  await db.device.updateMany({ where: { id: { in: ids } }, data: { [field]: pkg.id } });
  await applyOtaAssignment(db, redis, tenantId, ids, pkg.type, { retryFailed: true });

  const [devices, statuses] = await Promise.all([
    db.device.findMany({ where: { id: { in: ids } }, select: { id: true, lastActivityAt: true } }),
    db.deviceOtaStatus.findMany({
      where: { deviceId: { in: ids }, type: pkg.type },
      select: { deviceId: true, currentTitle: true, currentVersion: true },
    }),
  ]);
  const upToDate = new Set(
    statuses.filter((s) => s.currentTitle === pkg.title && s.currentVersion === pkg.version).map((s) => s.deviceId),
  );
  // Online is judged on the real clock (the device's last report), the timestamps on the workflow's.
  const activeSince = Date.now() - INACTIVITY_TIMEOUT_MS;
  const online = new Set(
    devices.filter((d) => d.lastActivityAt && d.lastActivityAt.getTime() >= activeSince).map((d) => d.id),
  );
  const now = new Date(nowMs);
  const done = ids.filter((id) => upToDate.has(id));
  const started = ids.filter((id) => !upToDate.has(id) && online.has(id));
  const waiting = ids.filter((id) => !upToDate.has(id) && !online.has(id));
  await db.$transaction(async (tx) => {
    if (done.length)
      await tx.otaCampaignDevice.updateMany({
        where: { campaignId, deviceId: { in: done }, state: "PENDING" },
        data: { state: "SUCCEEDED", lastFwState: "UPDATED", startedAt: now, finishedAt: now },
      });
    if (started.length)
      await tx.otaCampaignDevice.updateMany({
        where: { campaignId, deviceId: { in: started }, state: "PENDING" },
        data: { state: "IN_PROGRESS", lastFwState: "QUEUED", startedAt: now },
      });
    if (waiting.length)
      await tx.otaCampaignDevice.updateMany({
        where: { campaignId, deviceId: { in: waiting }, state: "PENDING" },
        data: { state: "IN_PROGRESS", lastFwState: "QUEUED", startedAt: null },
      });
  });
  return ids.length;
}
