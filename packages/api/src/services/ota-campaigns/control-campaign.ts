import { OTA_CAMPAIGN_SIGNALS, type OtaCampaignSignal } from "@industryos/temporal-client/workflows/ota";
import { Reply } from "../../operations/operation.ts";
import type { TenantContext } from "../../context.ts";
import { ApiError, conflict, notFound } from "../../errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { campaignView } from "./campaign-view.ts";

/** The statuses each signal applies to; anything else is a conflict the caller can read. */
const FROM: Record<OtaCampaignSignal, string[]> = {
  pause: ["RUNNING"],
  resume: ["PAUSED"],
  cancel: ["RUNNING", "PAUSED"],
};

/**
 * Pause, resume or cancel: a signal to the campaign's workflow, which changes the status itself
 * (so the answer is 202 with the campaign as it is; the status follows within moments).
 */
export async function controlCampaign(ctx: TenantContext, id: string, signal: OtaCampaignSignal) {
  const row = await ctx.db.otaCampaign.findUnique({ where: { id } });
  if (!row) throw notFound("OTA campaign");
  if (!FROM[signal].includes(row.status))
    throw conflict(`The campaign is ${row.status.toLowerCase()}; it cannot ${signal}`);
  try {
    const client = await ctx.deps.temporal.get();
    await client.workflow.getHandle(row.workflowId!).signal(OTA_CAMPAIGN_SIGNALS[signal]);
  } catch (error) {
    ctx.deps.logger.error({ err: error, campaignId: id }, `OTA campaign ${signal} signal not delivered`);
    throw new ApiError("SERVICE_UNAVAILABLE", "The workers' scheduler does not answer; try again");
  }
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: `OTA_CAMPAIGN_${signal.toUpperCase()}`,
    entityId: id,
    entityName: row.name,
  });
  return new Reply(202, await campaignView(ctx.db, id));
}
