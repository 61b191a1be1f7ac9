import { lwm2mProfileConfig, payloadTransportConfig } from "@industryos/device-protocol";
import { alarmRules } from "@industryos/rules/alarm-rules";
import { z } from "zod";
import { pagingInput, uuid } from "../shared/paging.ts";

export const profileInput = z.object({
  name: z.string().trim().min(1, "Name the profile").max(255),
  description: z.string().trim().max(2000).nullable().optional(),
  /** Making a profile the default takes the flag from the previous one. */
  isDefault: z.boolean().optional(),
  /** The rule chain a new entity of the profile is processed by (null: the root rule chain). */
  defaultRuleChainId: uuid.nullable().optional(),
  /** The dashboard an entity of the profile opens on (null: none). */
  defaultDashboardId: uuid.nullable().optional(),
});
/**
 * A device profile also carries its alarm rules (the rule engine's schema, shared with the
 * workers' evaluator and the console's editor); a write replaces the whole list.
 */
export const deviceProfileInput = profileInput.extend({
  alarmRules: alarmRules.optional(),
  /** The rule-engine queue the profile's messages go to (null: Main). */
  defaultQueueName: z.string().trim().min(1, "Name the queue").max(255).nullable().optional(),
  /** OTA packages for the profile's devices (a device's own assignment wins); null unassigns. */
  firmwareId: uuid.nullable().optional(),
  softwareId: uuid.nullable().optional(),
  /**
   * How the profile's devices encode telemetry, attributes and RPC: JSON, or PROTOBUF with a
   * `.proto` schema per payload (ThingsBoard's transport payload type); schemas must compile.
   */
  transportConfig: payloadTransportConfig.optional(),
  /**
   * LwM2M clients of the profile: resources observed on registration and the telemetry / attribute
   * keys their values are stored under (stored as `transportConfig.lwm2m`); null removes the mapping.
   */
  lwm2m: lwm2mProfileConfig.nullable().optional(),
});
export type ProfileInput = z.infer<typeof deviceProfileInput>;

export const listProfilesInput = pagingInput.extend({ search: z.string().trim().max(255).optional() });
