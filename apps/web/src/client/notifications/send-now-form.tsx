"use client";
import { Button, SelectField, TextField } from "@industryos/ui";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "../form-error.tsx";
import { useTRPC } from "../trpc.ts";
import { errorAt } from "./field-errors.ts";

const TEXTAREA =
  "block w-full rounded-md border-0 px-3 py-1.5 text-sm shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-500";

/** "Send now": targets, then a template or a subject and text. */
export function SendNowForm({ onSent, onCancel }: { onSent: (requestId: string) => void; onCancel: () => void }) {
  const trpc = useTRPC();
  const targets = useQuery(trpc.notificationTargets.list.queryOptions({ page: 1, pageSize: 100 }));
  const templates = useQuery(trpc.notificationTemplates.list.queryOptions({ page: 1, pageSize: 100 }));
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [templateId, setTemplateId] = useState("");
  const send = useMutation(trpc.notificationRequests.send.mutationOptions({ onSuccess: (r) => onSent(r.id) }));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const subject = String(form.get("subject") ?? "").trim();
    const text = String(form.get("text") ?? "").trim();
    send.mutate({
      body: {
        targetIds: [...chosen],
        ...(templateId ? { templateId } : { text, ...(subject ? { subject } : {}) }),
      },
    });
  };

  return (
    <form onSubmit={submit} className="space-y-4">
      <fieldset className="max-h-48 space-y-1 overflow-y-auto rounded-md p-2 ring-1 ring-slate-200">
        <legend className="text-sm font-medium text-slate-700">To</legend>
        {(targets.data?.data ?? []).map((t) => (
          <label key={t.id} className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={chosen.has(t.id)}
              onChange={(e) =>
                setChosen((s) => {
                  const next = new Set(s);
                  if (e.target.checked) next.add(t.id);
                  else next.delete(t.id);
                  return next;
                })
              }
            />
            {t.name}
          </label>
        ))}
        {targets.data?.total === 0 && <p className="text-sm text-slate-500">Add a target first (Targets).</p>}
        {errorAt(send.error, "targetIds") && <p className="text-xs text-red-600">{errorAt(send.error, "targetIds")}</p>}
      </fieldset>
      <SelectField
        label="Template"
        value={templateId}
        onChange={(e) => setTemplateId(e.target.value)}
        options={[
          { value: "", label: "None: write the text here" },
          ...(templates.data?.data ?? []).map((t) => ({ value: t.id, label: t.name })),
        ]}
      />
      {!templateId && (
        <>
          <TextField
            label="Subject"
            name="subject"
            placeholder="Planned maintenance"
            error={errorAt(send.error, "subject")}
          />
          <div className="space-y-1">
            <label htmlFor="send-now-text" className="block text-sm font-medium text-slate-700">
              Text
            </label>
            <textarea id="send-now-text" name="text" rows={4} required className={TEXTAREA} />
            {errorAt(send.error, "text") && <p className="text-xs text-red-600">{errorAt(send.error, "text")}</p>}
          </div>
        </>
      )}
      <FormError error={send.error} fields={["targetIds", "subject", "text"]} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" busy={send.isPending}>
          Send
        </Button>
      </div>
    </form>
  );
}
