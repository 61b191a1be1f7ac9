import type { TenantDb } from "@industryos/api";

/** What the campaign workflow needs to know of its campaign, read at the start of each run. */
export interface CampaignPlan {
  name: string;
  status: "RUNNING" | "PAUSED" | "COMPLETED" | "ABORTED" | "CANCELLED";
  currentWave: number;
  waveCount: number;
  maxDevicesPerMinute: number;
  deviceTimeoutSeconds: number;
  failureThresholdPercent: number;
  onThreshold: "PAUSE" | "ABORT";
  notifyTargetIds: string[];
  packageTitle: string;
  packageVersion: string;
}

export async function loadCampaignPlan(db: TenantDb, campaignId: string): Promise<CampaignPlan | null> {
  const row = await db.otaCampaign.findUnique({ where: { id: campaignId } });
  if (!row) return null;
  const pkg = await db.otaPackage.findUnique({ where: { id: row.packageId }, select: { title: true, version: true } });
  const target = row.target as { notifyTargetIds?: string[] };
  return {
    name: row.name,
    status: row.status,
    currentWave: row.currentWave,
    waveCount: row.waves.length,
    maxDevicesPerMinute: row.maxDevicesPerMinute,
    deviceTimeoutSeconds: row.deviceTimeoutSeconds,
    failureThresholdPercent: row.failureThresholdPercent,
    onThreshold: row.onThreshold === "ABORT" ? "ABORT" : "PAUSE",
    notifyTargetIds: target.notifyTargetIds ?? [],
    packageTitle: pkg?.title ?? "(deleted)",
    packageVersion: pkg?.version ?? "",
  };
}
