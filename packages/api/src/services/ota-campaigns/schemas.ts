import { z } from "zod";
import { deviceFilterCriteria } from "../device-filters/schemas.ts";
import { pagingInput, uuid } from "../shared/paging.ts";

/**
 * Which devices a campaign updates: a profile's, a list, a filter, or a saved filter (filters are evaluated once,
 * when the campaign starts).
 */
export const campaignTarget = z.union([
  z.object({ deviceProfileId: uuid }).strict(),
  z.object({ deviceIds: z.array(uuid).min(1).max(100_000) }).strict(),
  z.object({ filter: deviceFilterCriteria }).strict(),
  z.object({ savedFilterId: uuid }).strict(),
]);
export type CampaignTarget = z.output<typeof campaignTarget>;

const waves = z
  .array(z.number().int().min(1).max(100))
  .min(1)
  .max(20)
  .refine(
    (w) => w.every((v, i) => i === 0 || v > w[i - 1]!),
    "Waves are cumulative shares: each larger than the one before",
  )
  .refine((w) => w.at(-1) === 100, "The last wave must reach 100 %");

export const createCampaignInput = z.object({
  name: z.string().trim().min(1, "Name the campaign").max(255),
  packageId: uuid,
  target: campaignTarget,
  /** Cumulative shares of the target devices per wave, e.g. [1, 10, 50, 100]. */
  waves: waves.default([100]),
  /** Devices given the package per minute, at most. */
  maxDevicesPerMinute: z.number().int().min(1).max(100_000).default(600),
  /** A device that started updating and has not reported UPDATED after this long has failed. */
  deviceTimeoutSeconds: z
    .number()
    .int()
    .min(10)
    .max(30 * 24 * 3600)
    .default(3600),
  /** Failed ÷ finished devices above this share stops the rollout (see README). */
  failureThresholdPercent: z.number().int().min(0).max(100).default(10),
  onThreshold: z.enum(["PAUSE", "ABORT"]).default("PAUSE"),
  /** Notification targets told when the threshold stops the campaign. */
  notifyTargetIds: z.array(uuid).max(20).default([]),
});
export type CreateCampaignInput = z.infer<typeof createCampaignInput>;

export const listCampaignsInput = pagingInput.extend({
  status: z.enum(["RUNNING", "PAUSED", "COMPLETED", "ABORTED", "CANCELLED"]).optional(),
});

export const CAMPAIGN_DEVICE_STATES = ["PENDING", "IN_PROGRESS", "SUCCEEDED", "FAILED", "TIMED_OUT"] as const;

export const listCampaignDevicesInput = pagingInput.extend({ state: z.enum(CAMPAIGN_DEVICE_STATES).optional() });

export const campaignDeviceView = z.object({
  deviceId: z.string(),
  deviceName: z.string().nullable(),
  wave: z.number(),
  state: z.enum(CAMPAIGN_DEVICE_STATES),
  lastFwState: z.string().nullable(),
  error: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});

export const campaignView = z.object({
  id: z.string(),
  name: z.string(),
  packageId: z.string(),
  package: z.object({ title: z.string(), version: z.string(), type: z.string() }).nullable(),
  target: z.unknown(),
  waves: z.array(z.number()),
  maxDevicesPerMinute: z.number(),
  deviceTimeoutSeconds: z.number(),
  failureThresholdPercent: z.number(),
  onThreshold: z.string(),
  status: z.enum(["RUNNING", "PAUSED", "COMPLETED", "ABORTED", "CANCELLED"]),
  currentWave: z.number(),
  total: z.number(),
  /** Devices by state; IN_PROGRESS includes `waiting` (released while offline, counted once they return). */
  counts: z.record(z.enum(CAMPAIGN_DEVICE_STATES), z.number()),
  waiting: z.number(),
  /** Finished devices (succeeded, failed, timed out) as a share of all, 0–100. */
  progress: z.number(),
  failing: z.array(
    z.object({
      deviceId: z.string(),
      deviceName: z.string(),
      state: z.string(),
      lastFwState: z.string().nullable(),
      error: z.string().nullable(),
      finishedAt: z.string().nullable(),
    }),
  ),
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type CampaignView = z.infer<typeof campaignView>;
