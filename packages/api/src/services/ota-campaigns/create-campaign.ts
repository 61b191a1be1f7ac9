import {
  OTA_CAMPAIGN_WORKFLOW,
  otaCampaignWorkflowId,
  type OtaCampaignInput,
} from "@industryos/temporal-client/workflows/ota";
import type { TenantContext } from "../../context.ts";
import { ApiError, conflict } from "../../errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { campaignDevices, resolveTarget, waveOf } from "./campaign-devices.ts";
import { campaignView } from "./campaign-view.ts";
import type { CreateCampaignInput } from "./schemas.ts";

const invalid = (path: string[], message: string) => new ApiError("VALIDATION_FAILED", message, [{ path, message }]);
/** Device rows written per statement. */
const INSERT_BATCH = 5000;

/**
 * `POST /ota-campaigns`: checks the package and the devices, writes the campaign and one row per
 * device with its wave, then starts the campaign's workflow (`ota-campaign:{id}`). A device that
 * another campaign not yet ended updates with a package of the same type is refused (409), so two
 * rollouts never fight over one device. Temporal unreachable: nothing is kept (503, try again).
 */
export async function createCampaign(ctx: TenantContext, input: CreateCampaignInput) {
  const pkg = await ctx.db.otaPackage.findUnique({ where: { id: input.packageId } });
  if (!pkg) throw invalid(["packageId"], "No such OTA package");
  const target = await resolveTarget(ctx.db, input.target);
  const devices = await campaignDevices(ctx.db, target);
  if (devices.length === 0) throw invalid(["target"], "The target has no devices");
  if (pkg.deviceProfileId && devices.some((d) => d.deviceProfileId !== pkg.deviceProfileId))
    throw invalid(["target"], "The package is meant for one device profile; the target has devices of others");
  for (let i = 0; i < input.notifyTargetIds.length; i++) {
    const found = await ctx.db.notificationTarget.findUnique({ where: { id: input.notifyTargetIds[i]! } });
    if (!found) throw invalid(["notifyTargetIds", String(i)], "No such notification target");
  }
  const ids = devices.map((d) => d.id);
  const busy = await ctx.db.otaCampaignDevice.count({
    where: {
      deviceId: { in: ids },
      state: { in: ["PENDING", "IN_PROGRESS"] },
      campaign: { status: { in: ["RUNNING", "PAUSED"] } },
    },
  });
  if (busy > 0) {
    const others = await ctx.db.otaCampaign.findMany({
      where: { status: { in: ["RUNNING", "PAUSED"] } },
      select: { packageId: true },
    });
    const types = await ctx.db.otaPackage.findMany({
      where: { id: { in: others.map((o) => o.packageId) }, type: pkg.type },
      select: { id: true },
    });
    if (types.length > 0)
      throw conflict(`${busy} of the devices are in another ${pkg.type.toLowerCase()} campaign that has not ended`);
  }

  const waves = waveOf(ids.length, input.waves);
  const row = await ctx.db.otaCampaign.create({
    data: {
      tenantId: ctx.tenantId,
      name: input.name,
      packageId: pkg.id,
      // A saved filter's campaign records how many devices it matched, beside its criteria then.
      target: {
        ...target,
        ...("savedFilterId" in target ? { matchedDevices: ids.length } : {}),
        notifyTargetIds: input.notifyTargetIds,
      },
      waves: input.waves,
      maxDevicesPerMinute: input.maxDevicesPerMinute,
      deviceTimeoutSeconds: input.deviceTimeoutSeconds,
      failureThresholdPercent: input.failureThresholdPercent,
      onThreshold: input.onThreshold,
      createdById: ctx.actor.userId ?? null,
    },
  });
  // The device rows in batches, not one transaction: a fleet's rows outlast an interactive transaction's time
  // limit. Until the workflow starts nothing reads them, and a failure deletes the campaign (its rows cascade).
  let campaign: typeof row;
  try {
    for (let i = 0; i < ids.length; i += INSERT_BATCH) {
      await ctx.db.otaCampaignDevice.createMany({
        data: ids
          .slice(i, i + INSERT_BATCH)
          .map((deviceId, j) => ({ tenantId: ctx.tenantId, campaignId: row.id, deviceId, wave: waves[i + j]! })),
      });
    }
    campaign = await ctx.db.otaCampaign.update({
      where: { id: row.id },
      data: { workflowId: otaCampaignWorkflowId(row.id) },
    });
  } catch (error) {
    await ctx.db.otaCampaign.delete({ where: { id: row.id } }).catch(() => undefined);
    throw error;
  }

  try {
    const client = await ctx.deps.temporal.get();
    const args: [OtaCampaignInput] = [{ tenantId: ctx.tenantId, campaignId: campaign.id }];
    await client.workflow.start(OTA_CAMPAIGN_WORKFLOW, {
      taskQueue: ctx.deps.temporal.taskQueue,
      workflowId: campaign.workflowId!,
      args,
    });
  } catch (error) {
    await ctx.db.otaCampaign.delete({ where: { id: campaign.id } });
    ctx.deps.logger.error({ err: error, campaignId: campaign.id }, "OTA campaign workflow could not be started");
    throw new ApiError(
      "SERVICE_UNAVAILABLE",
      "The campaign could not be started now (the workers' scheduler does not answer); try again",
    );
  }
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "OTA_CAMPAIGN_STARTED",
    entityId: campaign.id,
    entityName: campaign.name,
    actionData: { packageId: pkg.id, devices: ids.length, waves: input.waves },
  });
  return campaignView(ctx.db, campaign.id);
}
