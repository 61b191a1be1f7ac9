"use client";
import { TextField } from "@industryos/ui";
import { useQuery } from "@tanstack/react-query";
import { errorAt } from "../notifications/field-errors.ts";
import { useTRPC } from "../trpc.ts";
import { ALARM_EVENTS, ENTITY_ACTIONS, ENTITY_TYPES, SEVERITIES, listOfText, type TriggerType } from "./choices.ts";
import { CheckboxGroup } from "./checkbox-group.tsx";

/** A trigger's configuration as the form edits it (lists; alarm types as typed). */
export interface TriggerDraft {
  events: string[];
  alarmTypes: string;
  severities: string[];
  originatorIds: string[];
  afterMinutes: string;
  deviceProfileIds: string[];
  deviceIds: string[];
  entityTypes: string[];
  actions: string[];
}

const list = (value: unknown) => (Array.isArray(value) ? (value as string[]) : []);

export function draftOf(config: Record<string, unknown> | undefined): TriggerDraft {
  return {
    events: list(config?.events),
    alarmTypes: list(config?.alarmTypes).join(", "),
    severities: list(config?.severities),
    originatorIds: list(config?.originatorIds),
    afterMinutes: typeof config?.afterMinutes === "number" ? String(config.afterMinutes) : "15",
    deviceProfileIds: list(config?.deviceProfileIds),
    deviceIds: list(config?.deviceIds),
    entityTypes: list(config?.entityTypes),
    actions: list(config?.actions),
  };
}

/** The configuration the API takes for `type`; empty filters are left out (they match everything). */
export function configOf(type: TriggerType, d: TriggerDraft): Record<string, unknown> {
  const some = <T,>(key: string, value: T[]) => (value.length > 0 ? { [key]: value } : {});
  switch (type) {
    case "ALARM":
      return {
        events: d.events,
        ...some("alarmTypes", listOfText(d.alarmTypes)),
        ...some("severities", d.severities),
        ...some("originatorIds", d.originatorIds),
      };
    case "ALARM_UNACKNOWLEDGED":
      return {
        afterMinutes: d.afterMinutes.trim() === "" ? Number.NaN : Number(d.afterMinutes),
        ...some("alarmTypes", listOfText(d.alarmTypes)),
        ...some("severities", d.severities),
        ...some("originatorIds", d.originatorIds),
      };
    case "DEVICE_INACTIVITY":
      return { ...some("deviceProfileIds", d.deviceProfileIds), ...some("deviceIds", d.deviceIds) };
    case "ENTITY_ACTION":
      return { entityTypes: d.entityTypes, actions: d.actions };
    case "RULE_NODE":
      return {};
  }
}

/** The filters of one trigger type, each with the API's error beside it. */
export function TriggerFields({
  type,
  draft,
  onChange,
  error,
}: {
  type: TriggerType;
  draft: TriggerDraft;
  onChange: (next: TriggerDraft) => void;
  error: unknown;
}) {
  const trpc = useTRPC();
  const needsDevices = type === "ALARM" || type === "ALARM_UNACKNOWLEDGED" || type === "DEVICE_INACTIVITY";
  const devices = useQuery({ ...trpc.devices.list.queryOptions({ page: 1, pageSize: 100 }), enabled: needsDevices });
  const profiles = useQuery({
    ...trpc.deviceProfiles.list.queryOptions({ page: 1, pageSize: 100 }),
    enabled: type === "DEVICE_INACTIVITY",
  });
  const set = (patch: Partial<TriggerDraft>) => onChange({ ...draft, ...patch });
  const at = (...path: string[]) => errorAt(error, "triggerConfig", ...path);
  const deviceOptions = (devices.data?.data ?? []).map((d) => ({ value: d.id, label: d.name }));
  const alarmFilters = (
    <>
      <TextField
        label="Alarm types"
        value={draft.alarmTypes}
        onChange={(e) => set({ alarmTypes: e.target.value })}
        placeholder="Any type"
        hint="Comma-separated, e.g. High temperature, Leak; empty for every type."
        error={at("alarmTypes")}
      />
      <CheckboxGroup
        legend="Severities"
        options={SEVERITIES}
        selected={draft.severities}
        onChange={(severities) => set({ severities })}
        hint="None ticked: every severity."
        error={at("severities")}
      />
      <CheckboxGroup
        legend="Only alarms of these devices"
        options={deviceOptions}
        selected={draft.originatorIds}
        onChange={(originatorIds) => set({ originatorIds })}
        hint="None ticked: alarms of any device, asset or customer."
        error={at("originatorIds")}
        scroll
      />
    </>
  );

  switch (type) {
    case "ALARM":
      return (
        <>
          <CheckboxGroup
            legend="When the alarm is"
            options={ALARM_EVENTS}
            selected={draft.events}
            onChange={(events) => set({ events })}
            error={at("events")}
          />
          {alarmFilters}
        </>
      );
    case "ALARM_UNACKNOWLEDGED":
      return (
        <>
          <TextField
            label="Minutes without acknowledgement"
            type="number"
            inputMode="numeric"
            min={1}
            max={10080}
            value={draft.afterMinutes}
            onChange={(e) => set({ afterMinutes: e.target.value })}
            hint="Counted from when the alarm was raised; at most a week."
            error={at("afterMinutes")}
          />
          {alarmFilters}
        </>
      );
    case "DEVICE_INACTIVITY":
      return (
        <>
          <CheckboxGroup
            legend="Devices of these profiles"
            options={(profiles.data?.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
            selected={draft.deviceProfileIds}
            onChange={(deviceProfileIds) => set({ deviceProfileIds })}
            hint="None ticked: any profile."
            error={at("deviceProfileIds")}
            scroll
          />
          <CheckboxGroup
            legend="Only these devices"
            options={deviceOptions}
            selected={draft.deviceIds}
            onChange={(deviceIds) => set({ deviceIds })}
            hint="None ticked: any device."
            error={at("deviceIds")}
            scroll
          />
        </>
      );
    case "ENTITY_ACTION":
      return (
        <>
          <CheckboxGroup
            legend="Of"
            options={ENTITY_TYPES}
            selected={draft.entityTypes}
            onChange={(entityTypes) => set({ entityTypes })}
            error={at("entityTypes")}
          />
          <CheckboxGroup
            legend="When"
            options={ENTITY_ACTIONS}
            selected={draft.actions}
            onChange={(actions) => set({ actions })}
            error={at("actions")}
          />
        </>
      );
    case "RULE_NODE":
      return (
        <p className="text-sm text-slate-600">
          Nothing to set here: a rule chain&apos;s <b>notify</b> node sends this rule&apos;s notification for each
          message that reaches it.
        </p>
      );
  }
}
