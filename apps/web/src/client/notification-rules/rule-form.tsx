"use client";
import type { RouterOutputs } from "@industryos/api/router";
import { SelectField } from "@industryos/ui";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { errorAt } from "../notifications/field-errors.ts";
import { useTRPC } from "../trpc.ts";
import { TRIGGER_TYPES, type TriggerType } from "./choices.ts";
import { NamedFormCard } from "./named-form-card.tsx";
import { TargetPicker, TemplatePicker } from "./recipients.tsx";
import { TriggerFields, configOf, draftOf } from "./trigger-fields.tsx";

/** Fields whose errors show beside them; anything else is said above the buttons. */
const FIELDS = ["name", "triggerConfig", "templateId", "targetIds"];

export type NotificationRule = RouterOutputs["notificationRules"]["list"]["data"][number];

/** Templates that suit a trigger: an alarm left unacknowledged is still an alarm. */
const templateKinds = (type: TriggerType) => (type === "ALARM_UNACKNOWLEDGED" ? [type, "ALARM"] : [type]);

/** Creating or changing a rule: name, trigger and its filters, template, targets; each error beside its field. */
export function RuleForm({
  rule,
  onDone,
  onCancel,
}: {
  rule: NotificationRule | null;
  onDone: () => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const [name, setName] = useState(rule?.name ?? "");
  const [type, setType] = useState<TriggerType>(rule?.triggerType ?? "ALARM");
  const [draft, setDraft] = useState(() => draftOf(rule?.triggerConfig));
  const [templateId, setTemplateId] = useState(rule?.templateId ?? "");
  const [targetIds, setTargetIds] = useState<string[]>(rule?.targetIds ?? []);
  const create = useMutation(trpc.notificationRules.create.mutationOptions({ onSuccess: onDone }));
  const update = useMutation(trpc.notificationRules.update.mutationOptions({ onSuccess: onDone }));
  const error = create.error ?? update.error;

  const submit = () => {
    const body = { name, triggerType: type, triggerConfig: configOf(type, draft), templateId, targetIds };
    if (rule) update.mutate({ id: rule.id, body });
    else create.mutate({ body: body as never });
  };

  return (
    <NamedFormCard
      title={rule ? `Edit “${rule.name}”` : "New notification rule"}
      label="Notification rule"
      name={name}
      onNameChange={setName}
      namePlaceholder="Critical alarms to on-call"
      error={error}
      fields={FIELDS}
      submitLabel={rule ? "Save" : "Create rule"}
      busy={create.isPending || update.isPending}
      onSubmit={submit}
      onCancel={onCancel}
    >
      <SelectField
        label="Notify on"
        value={type}
        onChange={(e) => {
          setType(e.target.value as TriggerType);
          setTemplateId("");
        }}
        options={TRIGGER_TYPES.map(({ value, label }) => ({ value, label }))}
        hint={TRIGGER_TYPES.find((t) => t.value === type)?.hint}
      />
      <TriggerFields type={type} draft={draft} onChange={setDraft} error={error} />
      <TemplatePicker
        kinds={templateKinds(type)}
        value={templateId}
        onChange={setTemplateId}
        error={errorAt(error, "templateId")}
      />
      <TargetPicker selected={targetIds} onChange={setTargetIds} error={errorAt(error, "targetIds")} />
    </NamedFormCard>
  );
}
