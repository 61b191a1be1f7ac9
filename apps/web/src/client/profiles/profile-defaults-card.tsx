"use client";
import { Button, Card, SelectField, TextField } from "@industryos/ui";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { EntityLink } from "../entities/entity-link.tsx";
import { FormDialog } from "../form-dialog.tsx";
import { fieldErrorsOf } from "../form-errors.ts";
import { useTRPC } from "../trpc.ts";
import { SettingRows } from "./setting-rows.tsx";

/** The defaults both kinds of profile carry; a device profile also names its queue. */
export interface ProfileDefaults {
  defaultRuleChainId: string | null;
  defaultDashboardId: string | null;
  defaultQueueName?: string | null;
}

const FIELDS = ["defaultRuleChainId", "defaultDashboardId", "defaultQueueName"];

/** A default picked from a list (a rule chain, a dashboard); `none` is the empty choice, and the list is disabled while it loads. */
function DefaultChoice({
  label,
  name,
  value,
  none,
  loading,
  choices,
  hint,
  error,
}: {
  label: string;
  name: string;
  value: string | null;
  none: string;
  loading: boolean;
  choices: Array<{ value: string; label: string }>;
  hint?: string;
  error?: string;
}) {
  return (
    <SelectField
      label={label}
      name={name}
      defaultValue={value ?? ""}
      disabled={loading}
      options={[{ value: "", label: none }, ...choices]}
      hint={error ? <span className="text-red-600">{error}</span> : hint}
    />
  );
}

/** What an entity of the profile is processed by and opens on, and a dialog that changes it. */
export function ProfileDefaultsCard({
  profile,
  save,
}: {
  profile: ProfileDefaults;
  /** Saves the changed defaults (the page's profile update); the dialog closes once it succeeds. */
  save: {
    run: (values: ProfileDefaults, options: { onSuccess: () => void }) => void;
    isPending: boolean;
    error: unknown;
    reset: () => void;
  };
}) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const chains = useQuery({ ...trpc.ruleChains.list.queryOptions({ page: 1, pageSize: 100 }), enabled: open });
  const dashboards = useQuery({ ...trpc.dashboards.list.queryOptions({ page: 1, pageSize: 100 }), enabled: open });
  const device = "defaultQueueName" in profile;
  const errors = open ? fieldErrorsOf(save.error) : {};
  const close = () => {
    setOpen(false);
    save.reset();
  };
  const read = (form: FormData): ProfileDefaults => {
    const text = (name: string) => String(form.get(name) ?? "").trim() || null;
    return {
      defaultRuleChainId: text("defaultRuleChainId"),
      defaultDashboardId: text("defaultDashboardId"),
      ...(device ? { defaultQueueName: text("defaultQueueName") } : {}),
    };
  };
  return (
    <Card
      title="Defaults"
      actions={
        <Button variant="secondary" onClick={() => setOpen(true)}>
          Edit defaults
        </Button>
      }
    >
      <SettingRows
        rows={[
          {
            label: "Rule chain",
            value: profile.defaultRuleChainId ? (
              <EntityLink entity={{ type: "RULE_CHAIN", id: profile.defaultRuleChainId }} />
            ) : (
              <span className="text-slate-500">The root rule chain</span>
            ),
          },
          {
            label: "Dashboard",
            value: profile.defaultDashboardId ? (
              <EntityLink entity={{ type: "DASHBOARD", id: profile.defaultDashboardId }} />
            ) : (
              <span className="text-slate-500">None</span>
            ),
          },
          ...(device
            ? [{ label: "Queue", value: profile.defaultQueueName ?? <span className="text-slate-500">Main</span> }]
            : []),
        ]}
      />
      {open && (
        <FormDialog
          open
          title="Profile defaults"
          submitLabel="Save defaults"
          busy={save.isPending}
          error={save.error}
          fields={FIELDS}
          read={read}
          onSubmit={(values) => save.run(values, { onSuccess: close })}
          onClose={close}
        >
          <DefaultChoice
            label="Rule chain"
            name="defaultRuleChainId"
            value={profile.defaultRuleChainId}
            none="The root rule chain"
            loading={chains.isPending}
            choices={(chains.data?.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
            hint="Processes the messages of this profile's new entities."
            error={errors.defaultRuleChainId}
          />
          <DefaultChoice
            label="Dashboard"
            name="defaultDashboardId"
            value={profile.defaultDashboardId}
            none="None"
            loading={dashboards.isPending}
            choices={(dashboards.data?.data ?? []).map((d) => ({ value: d.id, label: d.title }))}
            error={errors.defaultDashboardId}
          />
          {device && (
            <TextField
              label="Queue"
              name="defaultQueueName"
              defaultValue={profile.defaultQueueName ?? ""}
              placeholder="Main"
              hint="The rule-engine queue for this profile's messages. Empty: Main."
              error={errors.defaultQueueName}
            />
          )}
        </FormDialog>
      )}
    </Card>
  );
}
