"use client";
import type { RouterOutputs } from "@industryos/api/router";
import { Button, TextField } from "@industryos/ui";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { errorAt } from "../notifications/field-errors.ts";
import { useTRPC } from "../trpc.ts";
import { SEVERITIES, listOfText, minutesInWords } from "./choices.ts";
import { CheckboxGroup } from "./checkbox-group.tsx";
import { NamedFormCard } from "./named-form-card.tsx";
import { TargetPicker, TemplatePicker } from "./recipients.tsx";

export type EscalationPolicy = RouterOutputs["escalationPolicies"]["list"]["data"][number];

interface LevelDraft {
  afterMinutes: string;
  targetIds: string[];
  templateId: string;
}

const FIELDS = ["name", "alarmTypes", "severities", "levels", "repeatEveryMinutes", "repeatLimit"];
const number = (text: string) => (text.trim() === "" ? Number.NaN : Number(text));
const optionalNumber = (text: string) => (text.trim() === "" ? null : Number(text));

/** One level: when (minutes after the alarm), who, and with which template (else the level before's). */
function LevelEditor({
  index,
  level,
  onChange,
  onRemove,
  error,
}: {
  index: number;
  level: LevelDraft;
  onChange: (next: LevelDraft) => void;
  onRemove?: () => void;
  error: unknown;
}) {
  const at = (...path: string[]) => errorAt(error, "levels", String(index), ...path);
  const minutes = number(level.afterMinutes);
  return (
    <li className="space-y-3 rounded-md p-3 ring-1 ring-slate-200" aria-label={`Level ${index + 1}`}>
      <div className="flex items-center justify-between gap-2">
        <h3 className="text-sm font-semibold text-slate-800">Level {index + 1}</h3>
        {onRemove && (
          <button type="button" onClick={onRemove} className="text-xs text-red-600 hover:underline">
            Remove level {index + 1}
          </button>
        )}
      </div>
      <TextField
        label="Minutes after the alarm was raised"
        type="number"
        inputMode="numeric"
        min={0}
        value={level.afterMinutes}
        onChange={(e) => onChange({ ...level, afterMinutes: e.target.value })}
        hint={
          Number.isFinite(minutes)
            ? `Notified ${minutesInWords(minutes)} after it started, unless acknowledged.`
            : undefined
        }
        error={at("afterMinutes")}
      />
      <TargetPicker
        legend="Notify"
        selected={level.targetIds}
        onChange={(targetIds) => onChange({ ...level, targetIds })}
        error={at("targetIds")}
      />
      <TemplatePicker
        kinds={["ALARM"]}
        value={level.templateId}
        onChange={(templateId) => onChange({ ...level, templateId })}
        allowNone={index === 0 ? undefined : "Same as the level before"}
        error={at("templateId")}
      />
    </li>
  );
}

/** Creating or changing a policy: which alarms, the levels in order, repeats; errors beside their fields. */
export function PolicyForm({
  policy,
  onDone,
  onCancel,
}: {
  policy: EscalationPolicy | null;
  onDone: () => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const [name, setName] = useState(policy?.name ?? "");
  const [alarmTypes, setAlarmTypes] = useState((policy?.alarmTypes ?? []).join(", "));
  const [severities, setSeverities] = useState<string[]>(policy?.severities ?? []);
  const [levels, setLevels] = useState<LevelDraft[]>(
    policy?.levels.map((l) => ({
      afterMinutes: String(l.afterMinutes),
      targetIds: l.targetIds,
      templateId: l.templateId ?? "",
    })) ?? [{ afterMinutes: "10", targetIds: [], templateId: "" }],
  );
  const [repeatEvery, setRepeatEvery] = useState(policy?.repeatEveryMinutes?.toString() ?? "");
  const [repeatLimit, setRepeatLimit] = useState(policy?.repeatLimit?.toString() ?? "");
  const create = useMutation(trpc.escalationPolicies.create.mutationOptions({ onSuccess: onDone }));
  const update = useMutation(trpc.escalationPolicies.update.mutationOptions({ onSuccess: onDone }));
  const error = create.error ?? update.error;
  const setLevel = (i: number, next: LevelDraft) => setLevels((all) => all.map((l, j) => (j === i ? next : l)));

  const submit = () => {
    const body = {
      name,
      alarmTypes: listOfText(alarmTypes),
      severities: severities as never,
      levels: levels.map((l) => ({
        afterMinutes: number(l.afterMinutes),
        targetIds: l.targetIds,
        ...(l.templateId ? { templateId: l.templateId } : {}),
      })),
      repeatEveryMinutes: optionalNumber(repeatEvery),
      repeatLimit: optionalNumber(repeatLimit),
    };
    if (policy) update.mutate({ id: policy.id, body });
    else create.mutate({ body });
  };

  const last = levels.at(-1);
  return (
    <NamedFormCard
      title={policy ? `Edit “${policy.name}”` : "New escalation policy"}
      label="Escalation policy"
      name={name}
      onNameChange={setName}
      namePlaceholder="Critical alarms"
      error={error}
      fields={FIELDS}
      submitLabel={policy ? "Save" : "Create policy"}
      busy={create.isPending || update.isPending}
      onSubmit={submit}
      onCancel={onCancel}
    >
      <TextField
        label="Alarm types"
        value={alarmTypes}
        onChange={(e) => setAlarmTypes(e.target.value)}
        placeholder="Any type"
        hint="Comma-separated; empty for every type."
        error={errorAt(error, "alarmTypes")}
      />
      <CheckboxGroup
        legend="Severities"
        options={SEVERITIES}
        selected={severities}
        onChange={setSeverities}
        hint="None ticked: every severity."
        error={errorAt(error, "severities")}
      />
      <div className="space-y-2">
        <h3 className="text-sm font-medium text-slate-700">Levels</h3>
        <ol className="space-y-3">
          {levels.map((level, i) => (
            <LevelEditor
              key={i}
              index={i}
              level={level}
              onChange={(next) => setLevel(i, next)}
              onRemove={levels.length > 1 ? () => setLevels((all) => all.filter((_, j) => j !== i)) : undefined}
              error={error}
            />
          ))}
        </ol>
        {errorAt(error, "levels") && !levels.some((_, i) => errorAt(error, "levels", String(i))) && (
          <p className="text-xs text-red-600">{errorAt(error, "levels")}</p>
        )}
        <Button
          variant="secondary"
          disabled={levels.length >= 10}
          onClick={() =>
            setLevels((all) => [
              ...all,
              { afterMinutes: String(number(last?.afterMinutes ?? "0") + 20 || 30), targetIds: [], templateId: "" },
            ])
          }
        >
          Add level
        </Button>
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label="Then repeat the last level every (minutes)"
          type="number"
          inputMode="numeric"
          min={1}
          value={repeatEvery}
          onChange={(e) => setRepeatEvery(e.target.value)}
          placeholder="Never"
          error={errorAt(error, "repeatEveryMinutes")}
        />
        <TextField
          label="At most (repeats)"
          type="number"
          inputMode="numeric"
          min={1}
          value={repeatLimit}
          onChange={(e) => setRepeatLimit(e.target.value)}
          placeholder="Until acknowledged"
          error={errorAt(error, "repeatLimit")}
        />
      </div>
      <p className="text-xs text-slate-500">
        An escalation stops as soon as its alarm is acknowledged or cleared. Changes apply to alarms raised from now on;
        switching the policy off stops running escalations at their next level.
      </p>
    </NamedFormCard>
  );
}
