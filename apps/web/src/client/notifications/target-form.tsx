"use client";
import type { RouterOutputs } from "@industryos/api/router";
import { Button, SelectField, TextField } from "@industryos/ui";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "../form-error.tsx";
import { useTRPC } from "../trpc.ts";
import { errorAt, issuePaths } from "./field-errors.ts";

export type Target = RouterOutputs["notificationTargets"]["list"]["data"][number];
type TargetType = Target["type"];

export const TARGET_TYPES: { value: TargetType; label: string; hint: string }[] = [
  { value: "PLATFORM_USERS", label: "Platform users", hint: "In their inbox (and by email when the template has one)" },
  { value: "EMAIL", label: "Email addresses", hint: "One per line or separated by commas" },
  { value: "SMS", label: "Phone numbers (SMS)", hint: "E.164: + country code and number, e.g. +14155550100" },
  { value: "SLACK", label: "Slack channels", hint: "#alerts or a channel id, one per line" },
  { value: "WEBHOOK", label: "Webhook", hint: "A JSON POST to your URL" },
];

const USER_FILTERS = [
  { value: "ALL", label: "Every user of the workspace" },
  { value: "TENANT_ADMINS", label: "The workspace's administrators" },
  { value: "CUSTOMER_USERS", label: "The users of one customer" },
  { value: "USER_LIST", label: "Chosen users" },
];

const TEXTAREA =
  "block w-full rounded-md border-0 px-3 py-1.5 text-sm shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-500";

const lines = (text: string) =>
  text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** "Authorization: Bearer x" lines as headers. */
const headersOf = (text: string) =>
  Object.fromEntries(
    text
      .split("\n")
      .map((line) => line.split(/:(.*)/s).map((s) => s.trim()))
      .filter(([name, value]) => name && value !== undefined)
      .map(([name, value]) => [name!, value ?? ""]),
  );

function listOf(target: Target | null, key: string): string {
  const value = (target?.configuration as Record<string, unknown> | undefined)?.[key];
  return Array.isArray(value) ? value.join("\n") : "";
}

/** Creating or changing a target: its kind, then the fields of that kind; errors beside their fields. */
export function TargetForm({
  target,
  onDone,
  onCancel,
}: {
  target: Target | null;
  onDone: () => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const [type, setType] = useState<TargetType>(target?.type ?? "EMAIL");
  const configuration = (target?.configuration ?? {}) as {
    users?: { type: string; customerId?: string; userIds?: string[] };
    url?: string;
    headerNames?: string[];
  };
  const [userFilter, setUserFilter] = useState(configuration.users?.type ?? "TENANT_ADMINS");
  const [chosen, setChosen] = useState<Set<string>>(new Set(configuration.users?.userIds ?? []));
  const users = useQuery({
    ...trpc.users.list.queryOptions({ page: 1, pageSize: 100 }),
    enabled: type === "PLATFORM_USERS" && userFilter === "USER_LIST",
  });
  const customers = useQuery({
    ...trpc.customers.list.queryOptions({ page: 1, pageSize: 100 }),
    enabled: type === "PLATFORM_USERS" && userFilter === "CUSTOMER_USERS",
  });
  const create = useMutation(trpc.notificationTargets.create.mutationOptions({ onSuccess: onDone }));
  const update = useMutation(trpc.notificationTargets.update.mutationOptions({ onSuccess: onDone }));
  const error = create.error ?? update.error;
  const busy = create.isPending || update.isPending;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "");
    const config = (() => {
      switch (type) {
        case "PLATFORM_USERS":
          return {
            users:
              userFilter === "CUSTOMER_USERS"
                ? { type: userFilter, customerId: text("customerId") }
                : userFilter === "USER_LIST"
                  ? { type: userFilter, userIds: [...chosen] }
                  : { type: userFilter },
          };
        case "EMAIL":
          return { emails: lines(text("emails")) };
        case "SMS":
          return { phoneNumbers: lines(text("phoneNumbers")) };
        case "SLACK":
          return { channels: lines(text("channels")) };
        case "WEBHOOK": {
          const headers = text("headers").trim();
          // Left empty while editing: the stored headers stay (their values are never shown).
          return { url: text("url"), ...(headers || !target ? { headers: headersOf(headers) } : {}) };
        }
      }
    })();
    const body = { name: text("name"), description: text("description") || null, type, configuration: config };
    if (target) update.mutate({ id: target.id, body });
    else create.mutate({ body: body as never });
  };

  const field = (...path: string[]) => errorAt(error, "configuration", ...path);
  return (
    <form onSubmit={submit} className="space-y-4">
      <TextField label="Name" name="name" required defaultValue={target?.name} error={errorAt(error, "name")} />
      <SelectField
        label="Sends to"
        name="type"
        value={type}
        onChange={(e) => setType(e.target.value as TargetType)}
        options={TARGET_TYPES.map(({ value, label }) => ({ value, label }))}
        hint={TARGET_TYPES.find((t) => t.value === type)?.hint}
      />
      {type === "PLATFORM_USERS" && (
        <>
          <SelectField
            label="Which users"
            value={userFilter}
            onChange={(e) => setUserFilter(e.target.value)}
            options={USER_FILTERS}
          />
          {userFilter === "CUSTOMER_USERS" && (
            <SelectField
              label="Customer"
              name="customerId"
              defaultValue={configuration.users?.customerId}
              options={(customers.data?.data ?? []).map((c) => ({ value: c.id, label: c.title }))}
              hint={field("users", "customerId") ?? (customers.data?.total === 0 ? "No customers yet" : undefined)}
            />
          )}
          {userFilter === "USER_LIST" && (
            <fieldset className="max-h-48 space-y-1 overflow-y-auto rounded-md p-2 ring-1 ring-slate-200">
              <legend className="text-sm font-medium text-slate-700">Users</legend>
              {(users.data?.data ?? []).map((u) => (
                <label key={u.id} className="flex items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    checked={chosen.has(u.id)}
                    onChange={(e) =>
                      setChosen((s) => {
                        const next = new Set(s);
                        if (e.target.checked) next.add(u.id);
                        else next.delete(u.id);
                        return next;
                      })
                    }
                  />
                  {u.name ? `${u.name} (${u.email})` : u.email}
                </label>
              ))}
              {field("users", "userIds") && <p className="text-xs text-red-600">{field("users", "userIds")}</p>}
            </fieldset>
          )}
        </>
      )}
      {(["EMAIL", "SMS", "SLACK"] as const).includes(type as never) && (
        <TextArea
          label={type === "EMAIL" ? "Email addresses" : type === "SMS" ? "Phone numbers" : "Slack channels"}
          name={type === "EMAIL" ? "emails" : type === "SMS" ? "phoneNumbers" : "channels"}
          defaultValue={listOf(target, type === "EMAIL" ? "emails" : type === "SMS" ? "phoneNumbers" : "channels")}
          placeholder={type === "EMAIL" ? "oncall@example.com" : type === "SMS" ? "+14155550100" : "#alerts"}
          error={field(type === "EMAIL" ? "emails" : type === "SMS" ? "phoneNumbers" : "channels")}
        />
      )}
      {type === "WEBHOOK" && (
        <>
          <TextField
            label="URL"
            name="url"
            type="url"
            required
            defaultValue={configuration.url}
            placeholder="https://example.com/hooks/alarms"
            error={field("url")}
          />
          <TextArea
            label="Headers"
            name="headers"
            placeholder="Authorization: Bearer …"
            hint={
              configuration.headerNames?.length
                ? `Set: ${configuration.headerNames.join(", ")}. Values are stored encrypted and never shown; leave empty to keep them.`
                : "One per line as Name: value; stored encrypted, never shown again."
            }
            error={field("headers")}
          />
        </>
      )}
      <TextField label="Description" name="description" defaultValue={target?.description ?? ""} />
      <FormError error={error} fields={issuePaths(error).length ? ["name", "configuration"] : []} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" busy={busy}>
          {target ? "Save" : "Create"}
        </Button>
      </div>
    </form>
  );
}

function TextArea({
  label,
  hint,
  error,
  ...rest
}: { label: string; hint?: string; error?: string } & React.TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = `field-${rest.name}`;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <textarea id={id} rows={3} className={TEXTAREA} {...rest} />
      {error ? (
        <p className="text-xs text-red-600">{error}</p>
      ) : hint ? (
        <p className="text-xs text-slate-500">{hint}</p>
      ) : null}
    </div>
  );
}
