import type { DatabaseClients } from "@industryos/db";
import type { OtaCampaignInput } from "@industryos/temporal-client/workflows/ota";
import type { RedisClient } from "@industryos/runtime";
import { loadCampaignPlan } from "../../ota/campaign-plan.ts";
import { insertThresholdNotification, setCampaignStatus, type CampaignStatus } from "../../ota/campaign-status.ts";
import { observeCampaign } from "../../ota/observe-progress.ts";
import { releaseWaveDevices } from "../../ota/release-devices.ts";

export interface OtaActivityDeps {
  db: DatabaseClients;
  redis: RedisClient;
}

/** The campaign workflow's reach into the database and the devices; each call is scoped to the campaign's tenant. */
export function createOtaCampaignActivities({ ota }: { ota?: OtaActivityDeps }) {
  const deps = () => {
    // Thrown, so Temporal retries the activity (on a worker that has them).
    if (!ota) throw new Error("this worker was started without the OTA campaign dependencies");
    return ota;
  };
  const db = (tenantId: string) => deps().db.forTenant(tenantId);
  return {
    loadOtaCampaign: (input: OtaCampaignInput) => loadCampaignPlan(db(input.tenantId), input.campaignId),
    releaseOtaCampaignDevices: (input: OtaCampaignInput & { wave: number; limit: number; nowMs: number }) =>
      releaseWaveDevices(
        db(input.tenantId),
        deps().redis,
        input.tenantId,
        input.campaignId,
        input.wave,
        input.limit,
        input.nowMs,
      ),
    observeOtaCampaign: (input: OtaCampaignInput & { wave: number; nowMs: number }) =>
      observeCampaign(db(input.tenantId), input.campaignId, input.wave, input.nowMs),
    setOtaCampaignStatus: (
      input: OtaCampaignInput & { status?: CampaignStatus; currentWave?: number; nowMs: number },
    ) => setCampaignStatus(db(input.tenantId), input.campaignId, input),
    requestOtaCampaignNotification: (
      input: OtaCampaignInput & { info: Record<string, unknown> & { stop: number; targetIds: string[] } },
    ) => insertThresholdNotification(db(input.tenantId), input.tenantId, input.campaignId, input.info),
  };
}
