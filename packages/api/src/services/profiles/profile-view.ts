import type { AlarmRules } from "@industryos/rules/alarm-rules";
import { payloadConfigView } from "./payload-config.ts";
import { lwm2mConfigView } from "./lwm2m-config.ts";

interface ProfileRow {
  id: string;
  name: string;
  description: string | null;
  isDefault: boolean;
  createdAt: Date;
  /** Device profiles only. */
  alarmRules?: unknown;
  firmwareId?: string | null;
  softwareId?: string | null;
  transportConfig?: unknown;
  transportType?: string;
  defaultQueueName?: string | null;
  /** Both kinds: what a new entity of the profile is processed by and opens on. */
  defaultRuleChainId: string | null;
  defaultDashboardId: string | null;
}

export const toView = (p: ProfileRow) => ({
  id: p.id,
  name: p.name,
  description: p.description,
  isDefault: p.isDefault,
  createdAt: p.createdAt.toISOString(),
  defaultRuleChainId: p.defaultRuleChainId,
  defaultDashboardId: p.defaultDashboardId,
  ...(p.transportType !== undefined
    ? { transportType: p.transportType, defaultQueueName: p.defaultQueueName ?? null }
    : {}),
  ...(p.alarmRules !== undefined ? { alarmRules: p.alarmRules as AlarmRules } : {}),
  ...(p.firmwareId !== undefined ? { firmwareId: p.firmwareId, softwareId: p.softwareId ?? null } : {}),
  ...(p.transportConfig !== undefined ? { transportConfig: payloadConfigView(p.transportConfig) } : {}),
  ...(p.transportConfig !== undefined ? { lwm2m: lwm2mConfigView(p.transportConfig) } : {}),
});
