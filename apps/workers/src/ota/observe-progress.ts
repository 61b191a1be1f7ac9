import type { TenantDb } from "@industryos/api";
import { INACTIVITY_TIMEOUT_MS } from "@industryos/device-protocol";

/** A campaign's devices by where they are, after one observation. */
export interface CampaignProgress {
  total: number;
  /** Not given the package yet, in waves up to `wave`. */
  pendingUpToWave: number;
  /** Given the package, online, not finished. */
  started: number;
  /** Given the package while offline; they start when they come back. */
  waiting: number;
  succeeded: number;
  failed: number;
  timedOut: number;
}

/** IN_PROGRESS rows handled per query. */
const BATCH = 2000;

/**
 * One look at the campaign's devices, moving each by what its `DeviceOtaStatus` says (kept by
 * ingest from the device's fw_state): UPDATED for the campaign's package → SUCCEEDED, FAILED →
 * FAILED; a waiting device that is back online (or reports) starts its timeout; a started
 * device past `deviceTimeoutSeconds` → TIMED_OUT. `nowMs` is workflow time, so timeouts follow
 * the workflow's clock (and time skipping in tests).
 */
export async function observeCampaign(
  db: TenantDb,
  campaignId: string,
  wave: number,
  nowMs: number,
): Promise<CampaignProgress> {
  const campaign = await db.otaCampaign.findUniqueOrThrow({
    where: { id: campaignId },
    select: { packageId: true, deviceTimeoutSeconds: true },
  });
  const pkg = await db.otaPackage.findUniqueOrThrow({ where: { id: campaign.packageId }, select: { type: true } });
  const now = new Date(nowMs);
  const deadline = nowMs - campaign.deviceTimeoutSeconds * 1000;
  const activeSince = Date.now() - INACTIVITY_TIMEOUT_MS;
  for (let cursor: string | undefined; ;) {
    const rows = await db.otaCampaignDevice.findMany({
      where: { campaignId, state: "IN_PROGRESS" },
      select: { deviceId: true, startedAt: true, lastFwState: true },
      orderBy: { deviceId: "asc" },
      take: BATCH,
      ...(cursor ? { skip: 1, cursor: { campaignId_deviceId: { campaignId, deviceId: cursor } } } : {}),
    });
    if (rows.length === 0) break;
    cursor = rows.at(-1)!.deviceId;
    const ids = rows.map((r) => r.deviceId);
    const [statuses, devices] = await Promise.all([
      db.deviceOtaStatus.findMany({
        where: { deviceId: { in: ids }, type: pkg.type, targetPackageId: campaign.packageId },
        select: { deviceId: true, state: true, error: true },
      }),
      db.device.findMany({ where: { id: { in: ids } }, select: { id: true, lastActivityAt: true } }),
    ]);
    const statusOf = new Map(statuses.map((s) => [s.deviceId, s]));
    const activeAt = new Map(devices.map((d) => [d.id, d.lastActivityAt?.getTime() ?? 0]));
    const succeeded: string[] = [];
    const failed = new Map<string, { state: string; error: string | null }>();
    const started: string[] = [];
    const timedOut: string[] = [];
    const reported = new Map<string, string[]>();
    for (const row of rows) {
      const status = statusOf.get(row.deviceId);
      const state = status?.state ?? null;
      if (state === "UPDATED") succeeded.push(row.deviceId);
      else if (state === "FAILED") failed.set(row.deviceId, { state, error: status?.error ?? null });
      else {
        const reporting = state !== null && state !== "QUEUED";
        if (row.startedAt === null && (reporting || (activeAt.get(row.deviceId) ?? 0) >= activeSince))
          started.push(row.deviceId);
        else if (row.startedAt !== null && row.startedAt.getTime() < deadline) timedOut.push(row.deviceId);
        if (state && state !== row.lastFwState) reported.set(state, [...(reported.get(state) ?? []), row.deviceId]);
      }
    }
    await db.$transaction(async (tx) => {
      if (succeeded.length)
        await tx.otaCampaignDevice.updateMany({
          where: { campaignId, deviceId: { in: succeeded }, state: "IN_PROGRESS" },
          data: { state: "SUCCEEDED", lastFwState: "UPDATED", finishedAt: now, error: null },
        });
      for (const [deviceId, f] of failed)
        await tx.otaCampaignDevice.updateMany({
          where: { campaignId, deviceId, state: "IN_PROGRESS" },
          data: { state: "FAILED", lastFwState: f.state, error: f.error, finishedAt: now },
        });
      if (started.length)
        await tx.otaCampaignDevice.updateMany({
          where: { campaignId, deviceId: { in: started }, state: "IN_PROGRESS", startedAt: null },
          data: { startedAt: now },
        });
      if (timedOut.length)
        await tx.otaCampaignDevice.updateMany({
          where: { campaignId, deviceId: { in: timedOut }, state: "IN_PROGRESS" },
          data: { state: "TIMED_OUT", finishedAt: now, error: `no UPDATED within ${campaign.deviceTimeoutSeconds} s` },
        });
      for (const [state, group] of reported)
        await tx.otaCampaignDevice.updateMany({
          where: { campaignId, deviceId: { in: group }, state: "IN_PROGRESS" },
          data: { lastFwState: state },
        });
    });
    if (rows.length < BATCH) break;
  }
  return progressOf(db, campaignId, wave);
}

async function progressOf(db: TenantDb, campaignId: string, wave: number): Promise<CampaignProgress> {
  const [groups, waiting, pendingUpToWave] = await Promise.all([
    db.otaCampaignDevice.groupBy({ by: ["state"], where: { campaignId }, _count: { _all: true } }),
    db.otaCampaignDevice.count({ where: { campaignId, state: "IN_PROGRESS", startedAt: null } }),
    db.otaCampaignDevice.count({ where: { campaignId, state: "PENDING", wave: { lte: wave } } }),
  ]);
  const count = (state: string) => groups.find((g) => g.state === state)?._count._all ?? 0;
  return {
    total: groups.reduce((sum, g) => sum + g._count._all, 0),
    pendingUpToWave,
    started: count("IN_PROGRESS") - waiting,
    waiting,
    succeeded: count("SUCCEEDED"),
    failed: count("FAILED"),
    timedOut: count("TIMED_OUT"),
  };
}
