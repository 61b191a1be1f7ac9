"use client";
import type { RouterOutputs } from "@industryos/api/router";
import { Button, Card, SelectField, TextField } from "@industryos/ui";
import { useMutation } from "@tanstack/react-query";
import { useEffect, useState, type FormEvent } from "react";
import { FormError } from "../form-error.tsx";
import { useTRPC } from "../trpc.ts";
import { useDebounced } from "../use-debounced.ts";
import { errorAt } from "./field-errors.ts";
import { CHANNEL_LABELS } from "./status-badges.tsx";

export type Template = RouterOutputs["notificationTemplates"]["list"]["data"][number];
type Channel = "IN_APP" | "EMAIL" | "SMS" | "SLACK" | "WEBHOOK";
type Texts = Partial<Record<Channel, { subject?: string; body: string }>>;

const CHANNELS: Channel[] = ["IN_APP", "EMAIL", "SMS", "SLACK", "WEBHOOK"];
/** Channels whose message has a subject. */
const WITH_SUBJECT = new Set<Channel>(["IN_APP", "EMAIL", "WEBHOOK"]);

export const NOTIFICATION_TYPES = [
  { value: "ALARM", label: "Alarm" },
  { value: "ALARM_UNACKNOWLEDGED", label: "Alarm left unacknowledged" },
  { value: "DEVICE_INACTIVITY", label: "Device inactive" },
  { value: "ENTITY_ACTION", label: "Entity created, changed or deleted" },
  { value: "RULE_NODE", label: "Rule chain" },
] as const;

const TEXTAREA =
  "block w-full rounded-md border-0 px-3 py-1.5 font-mono text-sm shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-500";

const STARTER: Texts = {
  IN_APP: { subject: "${alarmType} on ${deviceName}", body: "Severity ${severity}" },
};

/**
 * A template's texts per channel, with the preview beside them: each change is rendered by the API
 * against a typical event of the template's kind (what the notification will read like), and the
 * placeholders that event has no value for are named.
 */
export function TemplateEditor({
  template,
  onDone,
  onCancel,
}: {
  template: Template | null;
  onDone: () => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const [name, setName] = useState(template?.name ?? "");
  const [type, setType] = useState<Template["notificationType"]>(template?.notificationType ?? "ALARM");
  const [texts, setTexts] = useState<Texts>((template?.channels as Texts | undefined) ?? STARTER);
  const create = useMutation(trpc.notificationTemplates.create.mutationOptions({ onSuccess: onDone }));
  const update = useMutation(trpc.notificationTemplates.update.mutationOptions({ onSuccess: onDone }));
  const preview = useMutation(trpc.notificationTemplates.preview.mutationOptions());
  const error = create.error ?? update.error;
  const debounced = useDebounced(JSON.stringify({ type, texts }), 300);

  useEffect(() => {
    const { type: notificationType, texts: channels } = JSON.parse(debounced) as { type: typeof type; texts: Texts };
    if (Object.keys(channels).length === 0) return;
    preview.mutate({ body: { notificationType, channels: channels as never } });
    // Rendered again only when the text or the kind of event changed (`preview` is a new object each render).
  }, [debounced]);

  const toggle = (channel: Channel, on: boolean) =>
    setTexts((t) => {
      const next = { ...t };
      if (on) next[channel] = { ...(WITH_SUBJECT.has(channel) ? { subject: "" } : {}), body: "" };
      else delete next[channel];
      return next;
    });
  const edit = (channel: Channel, part: "subject" | "body", value: string) =>
    setTexts((t) => ({ ...t, [channel]: { ...t[channel]!, [part]: value } }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = { name, notificationType: type, channels: texts as never };
    if (template) update.mutate({ id: template.id, body });
    else create.mutate({ body });
  };

  return (
    <Card title={template ? `Edit “${template.name}”` : "New template"}>
      <form onSubmit={submit} className="grid gap-6 lg:grid-cols-2" aria-label="Template">
        <div className="space-y-4">
          <TextField
            label="Name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            error={errorAt(error, "name")}
          />
          <SelectField
            label="Written for"
            value={type}
            onChange={(e) => setType(e.target.value as typeof type)}
            options={NOTIFICATION_TYPES.map((t) => ({ value: t.value, label: t.label }))}
            hint="The kind of event decides which ${placeholders} have values."
          />
          <fieldset className="space-y-3">
            <legend className="text-sm font-medium text-slate-700">Channels</legend>
            <div className="flex flex-wrap gap-3 text-sm">
              {CHANNELS.map((channel) => (
                <label key={channel} className="flex items-center gap-1.5">
                  <input
                    type="checkbox"
                    checked={Boolean(texts[channel])}
                    onChange={(e) => toggle(channel, e.target.checked)}
                  />
                  {CHANNEL_LABELS[channel]}
                </label>
              ))}
            </div>
            {errorAt(error, "channels") && !CHANNELS.some((c) => errorAt(error, "channels", c)) && (
              <p className="text-xs text-red-600">{errorAt(error, "channels")}</p>
            )}
            {CHANNELS.filter((c) => texts[c]).map((channel) => (
              <div key={channel} className="space-y-2 rounded-md p-3 ring-1 ring-slate-200">
                <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">
                  {CHANNEL_LABELS[channel]}
                </p>
                {WITH_SUBJECT.has(channel) && (
                  <TextField
                    label="Subject"
                    value={texts[channel]!.subject ?? ""}
                    onChange={(e) => edit(channel, "subject", e.target.value)}
                    error={errorAt(error, "channels", channel, "subject")}
                  />
                )}
                <div className="space-y-1">
                  <label className="block text-sm font-medium text-slate-700" htmlFor={`body-${channel}`}>
                    Text
                  </label>
                  <textarea
                    id={`body-${channel}`}
                    rows={3}
                    className={TEXTAREA}
                    value={texts[channel]!.body}
                    onChange={(e) => edit(channel, "body", e.target.value)}
                  />
                  {errorAt(error, "channels", channel, "body") && (
                    <p className="text-xs text-red-600">{errorAt(error, "channels", channel, "body")}</p>
                  )}
                </div>
              </div>
            ))}
          </fieldset>
          <FormError error={error} fields={["name", "channels"]} />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={onCancel}>
              Cancel
            </Button>
            <Button type="submit" busy={create.isPending || update.isPending}>
              {template ? "Save" : "Create template"}
            </Button>
          </div>
        </div>
        <section aria-label="Preview" className="space-y-3 rounded-md bg-slate-50 p-4">
          <h3 className="text-sm font-semibold text-slate-800">Preview with a sample event</h3>
          {preview.error && (
            <p className="text-sm text-slate-500">The preview shows once every channel has its text.</p>
          )}
          {preview.data && !preview.error && (
            <>
              {Object.entries(preview.data.channels).map(([channel, content]) => (
                <div
                  key={channel}
                  className="rounded-md bg-white p-3 text-sm ring-1 ring-slate-200"
                  data-testid={`preview-${channel}`}
                >
                  <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">
                    {CHANNEL_LABELS[channel]}
                  </p>
                  {content?.subject !== undefined && <p className="font-semibold">{content.subject}</p>}
                  <p className="whitespace-pre-line">{content?.body}</p>
                </div>
              ))}
              {preview.data.missing.length > 0 && (
                <p className="text-xs text-amber-700">
                  No value in this kind of event for {preview.data.missing.map((m) => `\${${m}}`).join(", ")}: it prints
                  empty.
                </p>
              )}
              <details className="text-xs text-slate-500">
                <summary>Sample event</summary>
                <pre className="mt-1 overflow-x-auto">{JSON.stringify(preview.data.sample, null, 2)}</pre>
              </details>
            </>
          )}
        </section>
      </form>
    </Card>
  );
}
