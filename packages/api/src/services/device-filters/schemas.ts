import { z } from "zod";
import { pageOf, pagingInput, uuid } from "../shared/paging.ts";

/**
 * Which devices a filter matches, as the devices list filters them: all given criteria at once; `search` matches
 * the name, label or type (case-insensitive). No criteria: every device of the tenant.
 */
export const deviceFilterCriteria = z
  .object({
    deviceProfileId: uuid.optional(),
    type: z.string().trim().min(1).max(255).optional(),
    customerId: uuid.optional(),
    search: z.string().trim().min(1).max(255).optional(),
  })
  .strict();
export type DeviceFilterCriteria = z.output<typeof deviceFilterCriteria>;

const deviceFilterName = z.string().trim().min(1, "Name the filter").max(255, "At most 255 characters");

export const createDeviceFilterInput = z.object({ name: deviceFilterName, criteria: deviceFilterCriteria });
export type CreateDeviceFilterInput = z.output<typeof createDeviceFilterInput>;

export const updateDeviceFilterInput = createDeviceFilterInput.partial();
export type UpdateDeviceFilterInput = z.output<typeof updateDeviceFilterInput>;

export const listDeviceFiltersInput = pagingInput.extend({ search: z.string().trim().max(255).optional() });

export const deviceFilterView = z.object({
  id: z.string(),
  name: z.string(),
  criteria: deviceFilterCriteria,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type DeviceFilterView = z.infer<typeof deviceFilterView>;
export const deviceFilterPage = pageOf(deviceFilterView);

/** A device the filter matches now, enough to recognise it. */
export const matchedDeviceView = z.object({
  id: z.string(),
  name: z.string(),
  label: z.string().nullable(),
  type: z.string(),
  deviceProfileId: z.string(),
  customerId: z.string().nullable(),
});
export const matchedDevicePage = pageOf(matchedDeviceView);
