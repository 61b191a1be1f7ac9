import type { TenantDb } from "../../deps.ts";
import { notFound } from "../../errors.ts";
import { CAMPAIGN_DEVICE_STATES, type CampaignView } from "./schemas.ts";

/** Failing devices shown with a campaign: the most recent first. */
const FAILING_SHOWN = 50;

type State = (typeof CAMPAIGN_DEVICE_STATES)[number];

/** The campaign with its live progress: counts by state, the share finished, and the devices that failed. */
export async function campaignView(db: TenantDb, id: string): Promise<CampaignView> {
  const row = await db.otaCampaign.findUnique({ where: { id } });
  if (!row) throw notFound("OTA campaign");
  const [groups, waiting, failing, pkg] = await Promise.all([
    db.otaCampaignDevice.groupBy({ by: ["state"], where: { campaignId: id }, _count: { _all: true } }),
    db.otaCampaignDevice.count({ where: { campaignId: id, state: "IN_PROGRESS", startedAt: null } }),
    db.otaCampaignDevice.findMany({
      where: { campaignId: id, state: { in: ["FAILED", "TIMED_OUT"] } },
      orderBy: [{ finishedAt: "desc" }, { deviceId: "asc" }],
      take: FAILING_SHOWN,
    }),
    db.otaPackage.findUnique({ where: { id: row.packageId }, select: { title: true, version: true, type: true } }),
  ]);
  const counts = Object.fromEntries(CAMPAIGN_DEVICE_STATES.map((s) => [s, 0])) as Record<State, number>;
  for (const g of groups) counts[g.state as State] = g._count._all;
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const finished = counts.SUCCEEDED + counts.FAILED + counts.TIMED_OUT;
  const names = new Map(
    (
      await db.device.findMany({
        where: { id: { in: failing.map((f) => f.deviceId) } },
        select: { id: true, name: true },
      })
    ).map((d) => [d.id, d.name]),
  );
  const target = { ...(row.target as Record<string, unknown>) };
  return {
    id: row.id,
    name: row.name,
    packageId: row.packageId,
    package: pkg,
    target,
    waves: row.waves,
    maxDevicesPerMinute: row.maxDevicesPerMinute,
    deviceTimeoutSeconds: row.deviceTimeoutSeconds,
    failureThresholdPercent: row.failureThresholdPercent,
    onThreshold: row.onThreshold,
    status: row.status,
    currentWave: row.currentWave,
    total,
    counts,
    waiting,
    progress: total === 0 ? 0 : Math.round((finished / total) * 1000) / 10,
    failing: failing.map((f) => ({
      deviceId: f.deviceId,
      deviceName: names.get(f.deviceId) ?? "(deleted)",
      state: f.state,
      lastFwState: f.lastFwState,
      error: f.error,
      finishedAt: f.finishedAt?.toISOString() ?? null,
    })),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}
