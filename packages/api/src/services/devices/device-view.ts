import { INACTIVITY_TIMEOUT_MS } from "@industryos/device-protocol";
import type { DeviceView } from "./schemas.ts";

/** A device counts as active when it reported within INACTIVITY_TIMEOUT_MS. */
export { INACTIVITY_TIMEOUT_MS };

export const deviceInclude = {
  profile: { select: { name: true } },
  customer: { select: { title: true } },
} as const;

interface DeviceRow {
  id: string;
  name: string;
  label: string | null;
  type: string;
  isGateway: boolean;
  deviceProfileId: string;
  customerId: string | null;
  firmwareId: string | null;
  softwareId: string | null;
  lastActivityAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  profile: { name: string };
  customer: { title: string } | null;
}

export function toDeviceView(row: DeviceRow): DeviceView {
  return {
    id: row.id,
    name: row.name,
    label: row.label,
    type: row.type,
    gateway: row.isGateway,
    profileId: row.deviceProfileId,
    profileName: row.profile.name,
    customerId: row.customerId,
    customerTitle: row.customer?.title ?? null,
    firmwareId: row.firmwareId,
    softwareId: row.softwareId,
    active: row.lastActivityAt !== null && Date.now() - row.lastActivityAt.getTime() < INACTIVITY_TIMEOUT_MS,
    lastActivityAt: row.lastActivityAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
