import type { TenantDb } from "@industryos/api";

export type CampaignStatus = "RUNNING" | "PAUSED" | "COMPLETED" | "ABORTED" | "CANCELLED";

/** Records what the workflow decided; an ended campaign (COMPLETED, ABORTED, CANCELLED) gets its end time. */
export async function setCampaignStatus(
  db: TenantDb,
  campaignId: string,
  change: { status?: CampaignStatus; currentWave?: number; nowMs: number },
) {
  const ended = change.status && !["RUNNING", "PAUSED"].includes(change.status);
  await db.otaCampaign.update({
    where: { id: campaignId },
    data: {
      ...(change.status ? { status: change.status } : {}),
      ...(change.currentWave !== undefined ? { currentWave: change.currentWave } : {}),
      ...(ended ? { finishedAt: new Date(change.nowMs) } : {}),
    },
  });
}

/**
 * A notification that the threshold stopped the campaign, as the notification contract asks: the
 * request row first (one per stop: `dedupKey`), the workflow then started by the caller. Null
 * when the campaign names no one to tell.
 */
export async function insertThresholdNotification(
  db: TenantDb,
  tenantId: string,
  campaignId: string,
  info: Record<string, unknown> & { stop: number; targetIds: string[] },
): Promise<string | null> {
  if (info.targetIds.length === 0) return null;
  const dedupKey = `ota-campaign:${campaignId}:threshold:${info.stop}`;
  const existing = await db.notificationRequest.findUnique({ where: { tenantId_dedupKey: { tenantId, dedupKey } } });
  if (existing) return existing.id;
  const { targetIds, ...fields } = info;
  const request = await db.notificationRequest.create({
    data: { tenantId, targetIds, dedupKey, info: { type: "OTA_CAMPAIGN_THRESHOLD", campaignId, ...fields } as never },
  });
  return request.id;
}
