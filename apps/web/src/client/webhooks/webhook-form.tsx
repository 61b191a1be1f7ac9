"use client";
import { TextField } from "@industryos/ui";
import { useState } from "react";
import { FormDialog, type FormDialogProps } from "../form-dialog.tsx";
import { fieldErrorsOf } from "../form-errors.ts";
import { EVENT_LABELS, EVENT_TYPES, type WebhookEventType } from "./webhook-wording.ts";

export interface WebhookFormValues {
  url: string;
  events: (WebhookEventType | "*")[];
  description: string | null;
}

const FIELDS = ["url", "events", "description"];

/** Create or edit a webhook in a dialog: the URL, what it is sent, a note; the API's errors beside their fields. */
export function WebhookFormDialog({ initial, error, ...dialog }: FormDialogProps<WebhookFormValues>) {
  const [all, setAll] = useState(initial.events.includes("*"));
  const [chosen, setChosen] = useState<Set<WebhookEventType>>(
    new Set(initial.events.filter((e): e is WebhookEventType => e !== "*")),
  );
  const errors = fieldErrorsOf(error);

  const toggle = (event: WebhookEventType) =>
    setChosen((current) => {
      const next = new Set(current);
      if (next.has(event)) next.delete(event);
      else next.add(event);
      return next;
    });

  const read = (form: FormData): WebhookFormValues => {
    const description = String(form.get("description") ?? "").trim();
    return {
      url: String(form.get("url") ?? "").trim(),
      events: all ? ["*"] : EVENT_TYPES.filter((t) => chosen.has(t)),
      description: description || null,
    };
  };

  return (
    <FormDialog {...dialog} error={error} fields={FIELDS} read={read}>
      <TextField
        label="URL"
        name="url"
        type="url"
        required
        defaultValue={initial.url}
        placeholder="https://example.com/hooks/industryos"
        hint="Each event is POSTed here as JSON."
        error={errors.url}
      />
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700">Events</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> All events, present and
          future
        </label>
        <div className="grid grid-cols-1 gap-1 sm:grid-cols-2">
          {EVENT_TYPES.map((type) => (
            <label key={type} className={`flex items-center gap-2 text-sm ${all ? "text-slate-400" : ""}`}>
              <input type="checkbox" disabled={all} checked={all || chosen.has(type)} onChange={() => toggle(type)} />
              {EVENT_LABELS[type]} <code className="text-xs text-slate-500">{type}</code>
            </label>
          ))}
        </div>
        {errors.events && (
          <p role="alert" className="text-sm text-red-600">
            {errors.events}
          </p>
        )}
      </fieldset>
      <TextField
        label="Description"
        name="description"
        defaultValue={initial.description ?? ""}
        placeholder="ERP integration"
        error={errors.description}
      />
    </FormDialog>
  );
}
