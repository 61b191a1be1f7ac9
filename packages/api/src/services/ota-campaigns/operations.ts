import { defineOperation } from "../../operations/operation.ts";
import { TENANT_ADMIN } from "../../operations/roles.ts";
import { idParams, pageOf } from "../shared/paging.ts";
import { campaignView } from "./campaign-view.ts";
import { controlCampaign } from "./control-campaign.ts";
import { createCampaign } from "./create-campaign.ts";
import { listCampaignDevices } from "./list-campaign-devices.ts";
import { listCampaigns } from "./list-campaigns.ts";
import {
  campaignDeviceView,
  campaignView as campaignViewSchema,
  createCampaignInput,
  listCampaignDevicesInput,
  listCampaignsInput,
} from "./schemas.ts";

const tag = "OTA campaigns";

const control = (signal: "pause" | "resume" | "cancel", summary: string) =>
  defineOperation({
    method: "POST",
    path: `/ota-campaigns/{id}/${signal}`,
    tag,
    summary,
    description: "Answers 202: the campaign's workflow takes the signal and records the new status within moments.",
    access: "tenant",
    roles: TENANT_ADMIN,
    params: idParams,
    response: campaignViewSchema,
    handler: ({ ctx, params }) => controlCampaign(ctx, params.id, signal),
  });

export const otaCampaignOperations = {
  list: defineOperation({
    method: "GET",
    path: "/ota-campaigns",
    tag,
    summary: "List OTA campaigns",
    access: "tenant",
    roles: TENANT_ADMIN,
    query: listCampaignsInput,
    handler: ({ ctx, query }) => listCampaigns(ctx, query),
  }),
  create: defineOperation({
    method: "POST",
    path: "/ota-campaigns",
    tag,
    summary: "Start a staged rollout of a package",
    description:
      "The target (a profile's devices, a list, a filter, or a saved filter `{savedFilterId}`; filters are evaluated now, and a saved filter's name, criteria and matched device count are recorded in the campaign's `target`) is cut into cumulative waves (e.g. [1, 10, 50, 100] %). Each wave's devices get the package assigned at most `maxDevicesPerMinute`; a device succeeds when it reports fw_state UPDATED within `deviceTimeoutSeconds` of starting, and fails on FAILED or the timeout (a device that failed this package before, in another campaign or by direct assignment, is given it again). Devices offline when their wave starts get the assignment and start counting when they come back. When failed ÷ finished devices exceeds `failureThresholdPercent` (checked at each wave's end, and during a wave once 10 devices finished) the campaign pauses or aborts (`onThreshold`) and `notifyTargetIds` are notified.",
    access: "tenant",
    roles: TENANT_ADMIN,
    body: createCampaignInput,
    example: {
      name: "Boilers to 1.2.0",
      packageId: "5f0c8a52-3c1e-4c9e-9d43-2f1b9a7e6d10",
      target: { deviceProfileId: "0b8e2a61-7d3f-4f0a-8c55-9e4d1c2b3a40" },
      waves: [1, 10, 50, 100],
      maxDevicesPerMinute: 600,
      failureThresholdPercent: 10,
      onThreshold: "PAUSE",
    },
    response: campaignViewSchema,
    successStatus: 201,
    handler: ({ ctx, body }) => createCampaign(ctx, body),
  }),
  get: defineOperation({
    method: "GET",
    path: "/ota-campaigns/{id}",
    tag,
    summary: "A campaign with its progress: counts by state, the share finished, the failing devices",
    access: "tenant",
    roles: TENANT_ADMIN,
    params: idParams,
    response: campaignViewSchema,
    handler: ({ ctx, params }) => campaignView(ctx.db, params.id),
  }),
  devices: defineOperation({
    method: "GET",
    path: "/ota-campaigns/{id}/devices",
    tag,
    summary: "A campaign's devices, a page at a time: each one's wave, state in the campaign and last fw_state",
    access: "tenant",
    roles: TENANT_ADMIN,
    params: idParams,
    query: listCampaignDevicesInput,
    response: pageOf(campaignDeviceView),
    handler: ({ ctx, params, query }) => listCampaignDevices(ctx, params.id, query),
  }),
  pause: control("pause", "Pause a campaign (devices already given the package carry on)"),
  resume: control("resume", "Resume a paused campaign"),
  cancel: control("cancel", "Cancel a campaign: no further device is given the package"),
};
