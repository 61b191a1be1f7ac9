import { z } from "zod";
import { pagingInput, queryBoolean, sortOrder, uuid } from "../shared/paging.ts";

export const deviceName = z.string().trim().min(1, "Name the device").max(255);

export const listDevicesInput = pagingInput.extend({
  search: z.string().trim().max(255).optional(),
  sortBy: z.enum(["name", "createdAt", "type", "lastActivityAt"]).default("createdAt"),
  sortOrder: sortOrder.default("desc"),
  profileId: uuid.optional(),
  type: z.string().max(255).optional(),
  customerId: uuid.optional(),
  active: z.union([z.boolean(), queryBoolean]).optional(),
});

export const createDeviceInput = z.object({
  name: deviceName,
  label: z.string().trim().max(255).optional(),
  type: z.string().trim().min(1).max(255).optional(),
  profileId: uuid.optional(),
  customerId: uuid.nullable().optional(),
  gateway: z.boolean().optional(),
});

export const updateDeviceInput = z
  .object({
    name: deviceName,
    label: z.string().trim().max(255).nullable(),
    type: z.string().trim().min(1).max(255),
    profileId: uuid,
    customerId: uuid.nullable(),
    gateway: z.boolean(),
    /** OTA packages assigned to this device (they win over the profile's); null unassigns. */
    firmwareId: uuid.nullable(),
    softwareId: uuid.nullable(),
  })
  .partial();

export const deviceView = z.object({
  id: z.string(),
  name: z.string(),
  label: z.string().nullable(),
  type: z.string(),
  gateway: z.boolean(),
  profileId: z.string(),
  profileName: z.string(),
  customerId: z.string().nullable(),
  customerTitle: z.string().nullable(),
  firmwareId: z.string().nullable(),
  softwareId: z.string().nullable(),
  active: z.boolean(),
  lastActivityAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type DeviceView = z.infer<typeof deviceView>;
