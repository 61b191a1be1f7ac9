// OTA campaigns: the API creates the campaign and its device rows (each with its wave), then starts one workflow
// per campaign by this name and id; pause, resume and cancel reach the running workflow as signals.

export const OTA_CAMPAIGN_WORKFLOW = "otaCampaignWorkflow";

export interface OtaCampaignInput {
  tenantId: string;
  campaignId: string;
}

/** One workflow per campaign: a second start of the same id is refused while the first runs or ran. */
export const otaCampaignWorkflowId = (campaignId: string) => `ota-campaign:${campaignId}`;

/** Signal names (no arguments): the workflow records the new status itself. */
export const OTA_CAMPAIGN_SIGNALS = {
  pause: "pauseOtaCampaign",
  resume: "resumeOtaCampaign",
  cancel: "cancelOtaCampaign",
} as const;
export type OtaCampaignSignal = keyof typeof OTA_CAMPAIGN_SIGNALS;
