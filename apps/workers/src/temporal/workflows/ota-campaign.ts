import {
  ParentClosePolicy,
  continueAsNew,
  defineSignal,
  proxyActivities,
  setHandler,
  sleep,
  startChild,
} from "@temporalio/workflow";
import {
  NOTIFICATION_REQUEST_WORKFLOW,
  notificationRequestWorkflowId,
} from "@industryos/temporal-client/workflows/notifications";
import { OTA_CAMPAIGN_SIGNALS, type OtaCampaignInput } from "@industryos/temporal-client/workflows/ota";
import type { CampaignProgress } from "../../ota/observe-progress.ts";
import { thresholdExceeded } from "../../ota/threshold.ts";
import type { Activities } from "../activities.ts";

/**
 * How often the campaign looks at its devices' reported states; a pause or cancel takes effect at the next look.
 * (Plain sleeps, not `condition` with a timeout: the Java test server refuses the timer cancellation that an early
 * wake-up sends, "invalid history builder state for action".)
 */
export const OTA_POLL_MS = 10_000;
/** Devices given the package per activity (fewer when the rate allows fewer a minute). */
const RELEASE_BATCH = 200;
/** Activities per run before the workflow continues as new: a long rollout keeps a short history. */
const ACTIVITIES_PER_RUN = 1000;

const retry = { initialInterval: "1 second", backoffCoefficient: 2, maximumInterval: "1 minute" } as const;
const activities = proxyActivities<Activities>({ startToCloseTimeout: "5 minutes", retry });

/** What a run hands the next one besides the campaign (all else is in the campaign's rows). */
export interface OtaCampaignRun extends OtaCampaignInput {
  /** Failures already answered by a stop; only more of them stop the campaign again. */
  acknowledgedFailures?: number;
  /** Stops so far (each notifies once). */
  stops?: number;
}

type Ended = "COMPLETED" | "ABORTED" | "CANCELLED";

/**
 * One staged rollout (`ota-campaign:{id}`, started by the API): for each wave, give its devices
 * the package at most `maxDevicesPerMinute`, then watch their reported states until none of the
 * wave is still updating (devices that were offline do not hold the next wave back; they are
 * counted when they return). A failure share above the threshold pauses or aborts the campaign
 * and notifies. Pause, resume and cancel arrive as signals. Every decision is written to the
 * campaign's rows before it takes effect, so a restarted worker (or the next run after
 * continue-as-new) picks up where the rows say.
 */
export async function otaCampaignWorkflow(input: OtaCampaignRun): Promise<Ended> {
  let paused = false;
  let cancelled = false;
  setHandler(defineSignal(OTA_CAMPAIGN_SIGNALS.pause), () => void (paused = true));
  setHandler(defineSignal(OTA_CAMPAIGN_SIGNALS.resume), () => void (paused = false));
  setHandler(defineSignal(OTA_CAMPAIGN_SIGNALS.cancel), () => void (cancelled = true));

  const plan = await activities.loadOtaCampaign(input);
  if (!plan || !["RUNNING", "PAUSED"].includes(plan.status)) return (plan?.status as Ended) ?? "CANCELLED";
  paused = plan.status === "PAUSED";
  let recorded = paused;
  let acknowledged = input.acknowledgedFailures ?? 0;
  let stops = input.stops ?? 0;
  let calls = 0;
  const base = { tenantId: input.tenantId, campaignId: input.campaignId };

  const end = async (status: Ended) => {
    await activities.setOtaCampaignStatus({ ...base, status, nowMs: Date.now() });
    return status;
  };
  /** Writes a pause or resume asked for by signal (or by the threshold). */
  const record = async () => {
    if (paused === recorded) return;
    await activities.setOtaCampaignStatus({ ...base, status: paused ? "PAUSED" : "RUNNING", nowMs: Date.now() });
    recorded = paused;
  };
  /** Waits out a pause; true when the campaign was cancelled meanwhile. */
  const holdWhilePaused = async () => {
    await record();
    // Looked at every poll rather than awaited as a condition: a sleeping workflow always has a timer, so the
    // test server's time skipping moves a poll at a time instead of running to the end of time.
    while (paused && !cancelled) await sleep(OTA_POLL_MS);
    await record();
    return cancelled;
  };
  /** Judges the failure share; true when the campaign must end (ABORT). */
  const judge = async (progress: CampaignProgress, waveEnded: boolean) => {
    if (!thresholdExceeded(progress, plan.failureThresholdPercent, waveEnded, acknowledged)) return false;
    acknowledged = progress.failed + progress.timedOut;
    stops++;
    const finished = progress.succeeded + acknowledged;
    const requestId = await activities.requestOtaCampaignNotification({
      ...base,
      info: {
        stop: stops,
        targetIds: plan.notifyTargetIds,
        campaignName: plan.name,
        packageTitle: plan.packageTitle,
        packageVersion: plan.packageVersion,
        failed: acknowledged,
        finished,
        failurePercent: Math.round((acknowledged * 1000) / finished) / 10,
        thresholdPercent: plan.failureThresholdPercent,
        action: plan.onThreshold,
        subject: `OTA campaign ${plan.name} ${plan.onThreshold === "ABORT" ? "aborted" : "paused"}`,
        text: `${acknowledged} of ${finished} devices failed to update to ${plan.packageTitle} ${plan.packageVersion}, above the ${plan.failureThresholdPercent} % threshold.`,
      },
    });
    if (requestId) {
      try {
        await startChild(NOTIFICATION_REQUEST_WORKFLOW, {
          workflowId: notificationRequestWorkflowId(requestId),
          args: [{ tenantId: input.tenantId, requestId }],
          parentClosePolicy: ParentClosePolicy.ABANDON,
          workflowIdReusePolicy: "REJECT_DUPLICATE",
        });
      } catch (error) {
        if ((error as Error).name !== "WorkflowExecutionAlreadyStartedError") throw error;
      }
    }
    if (plan.onThreshold === "ABORT") return true;
    paused = true;
    await record();
    return false;
  };
  const observe = (wave: number) => {
    calls++;
    return activities.observeOtaCampaign({ ...base, wave, nowMs: Date.now() });
  };
  const maybeContinue = async (wave: number) => {
    if (calls < ACTIVITIES_PER_RUN) return;
    await activities.setOtaCampaignStatus({ ...base, currentWave: wave, nowMs: Date.now() });
    await continueAsNew<typeof otaCampaignWorkflow>({ ...base, acknowledgedFailures: acknowledged, stops });
  };

  const batch = Math.min(RELEASE_BATCH, plan.maxDevicesPerMinute);
  const batchIntervalMs = Math.ceil((batch / plan.maxDevicesPerMinute) * 60_000);
  for (let wave = plan.currentWave; wave < plan.waveCount; wave++) {
    if (wave !== plan.currentWave)
      await activities.setOtaCampaignStatus({ ...base, currentWave: wave, nowMs: Date.now() });
    // Give the wave's devices the package, at the campaign's rate.
    for (;;) {
      if (await holdWhilePaused()) return end("CANCELLED");
      calls++;
      const released = await activities.releaseOtaCampaignDevices({ ...base, wave, limit: batch, nowMs: Date.now() });
      if (released < batch) break;
      // The rest of this batch's minute share.
      await sleep(batchIntervalMs);
      await maybeContinue(wave);
    }
    // Watch until no device of this wave or before is still updating.
    for (;;) {
      if (cancelled) return end("CANCELLED");
      const progress = await observe(wave);
      const waveEnded = progress.pendingUpToWave === 0 && progress.started === 0;
      if (await judge(progress, waveEnded)) return end("ABORTED");
      if (waveEnded && !paused) break;
      await sleep(OTA_POLL_MS);
      if (paused && (await holdWhilePaused())) return end("CANCELLED");
      await maybeContinue(wave);
    }
  }
  // Every wave is out: wait for the devices still updating, and for those that were offline to return.
  const last = plan.waveCount - 1;
  for (;;) {
    if (cancelled) return end("CANCELLED");
    const progress = await observe(last);
    if (await judge(progress, progress.started === 0)) return end("ABORTED");
    if (progress.started === 0 && progress.waiting === 0 && !paused) return end("COMPLETED");
    await sleep(OTA_POLL_MS);
    if (paused && (await holdWhilePaused())) return end("CANCELLED");
    await maybeContinue(last);
  }
}
