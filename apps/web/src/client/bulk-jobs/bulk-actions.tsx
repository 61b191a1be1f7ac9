"use client";
import { Button, Dialog, SelectField, TextField } from "@industryos/ui";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent, type ReactNode } from "react";
import { FormError } from "../form-error.tsx";
import { fieldErrorsOf } from "../form-errors.ts";
import { useTRPC } from "../trpc.ts";

type Action = "attribute" | "rpc" | "delete";

type AttributeValue = string | number | boolean | unknown[] | Record<string, unknown>;

/** A value typed as a device would type it: true/false, numbers and JSON objects or arrays, else the text itself. */
function typedValue(text: string): AttributeValue {
  try {
    const value = JSON.parse(text) as unknown;
    return value === null ? text : (value as AttributeValue);
  } catch {
    return text;
  }
}

function ActionDialog({
  title,
  open,
  onClose,
  onSubmit,
  busy,
  error,
  fields,
  confirmLabel,
  danger,
  disabled,
  children,
}: {
  title: string;
  open: boolean;
  onClose: () => void;
  onSubmit: (form: FormData) => void;
  busy: boolean;
  error: unknown;
  fields: string[];
  confirmLabel: string;
  danger?: boolean;
  disabled?: boolean;
  children: ReactNode;
}) {
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSubmit(new FormData(event.currentTarget));
  };
  return (
    <Dialog open={open} title={title} onClose={onClose}>
      <form onSubmit={submit} className="space-y-4">
        {children}
        <FormError error={error} fields={fields} />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" variant={danger ? "danger" : "primary"} busy={busy} disabled={disabled}>
            {confirmLabel}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

/**
 * What can be done to the devices selected on the devices page: set an attribute, send a one-way RPC, delete.
 * Each starts a bulk job at once and opens its page, where the progress bar runs.
 */
export function BulkActions({ deviceIds, onClear }: { deviceIds: string[]; onClear: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [action, setAction] = useState<Action | null>(null);
  const [typed, setTyped] = useState("");
  const opened = { onSuccess: (job: { id: string }) => router.push(`/bulk-jobs/${job.id}`) };
  const attributes = useMutation(trpc.bulkJobs.updateAttributes.mutationOptions(opened));
  const rpc = useMutation(trpc.bulkJobs.sendRpc.mutationOptions(opened));
  const remove = useMutation(trpc.bulkJobs.deleteDevices.mutationOptions(opened));
  const count = deviceIds.length;
  const devices = `${count} device${count === 1 ? "" : "s"}`;
  const selection = { deviceIds };
  const close = () => {
    setAction(null);
    setTyped("");
  };
  const [paramsError, setParamsError] = useState<string>();
  const attributeErrors = fieldErrorsOf(attributes.error);

  return (
    <div className="flex flex-wrap items-center gap-2 rounded-md bg-brand-50 px-3 py-2 text-sm ring-1 ring-brand-200">
      <span className="font-medium text-slate-800">{devices} selected</span>
      <Button variant="secondary" onClick={() => setAction("attribute")}>
        Set attribute
      </Button>
      <Button variant="secondary" onClick={() => setAction("rpc")}>
        Send RPC
      </Button>
      <Button variant="danger" onClick={() => setAction("delete")}>
        Delete
      </Button>
      <Button variant="ghost" onClick={onClear}>
        Clear selection
      </Button>

      <ActionDialog
        title={`Set an attribute on ${devices}`}
        open={action === "attribute"}
        onClose={close}
        busy={attributes.isPending}
        error={attributes.error}
        fields={["values", "scope"]}
        confirmLabel="Set attribute"
        onSubmit={(form) =>
          attributes.mutate({
            body: {
              selection,
              start: true,
              scope: form.get("scope") === "SERVER" ? "SERVER" : "SHARED",
              values: { [String(form.get("key") ?? "")]: typedValue(String(form.get("value") ?? "")) },
            },
          })
        }
      >
        <SelectField
          label="Scope"
          name="scope"
          options={[
            { value: "SHARED", label: "Shared (sent to the device)" },
            { value: "SERVER", label: "Server (kept on the platform)" },
          ]}
        />
        <TextField label="Key" name="key" required placeholder="targetTemperature" error={attributeErrors.values} />
        <TextField
          label="Value"
          name="value"
          required
          placeholder="21.5"
          hint="Numbers, true/false and JSON are typed."
        />
      </ActionDialog>

      <ActionDialog
        title={`Send an RPC to ${devices}`}
        open={action === "rpc"}
        onClose={close}
        busy={rpc.isPending}
        error={rpc.error}
        fields={["method"]}
        confirmLabel="Send"
        onSubmit={(form) => {
          const text = String(form.get("params") ?? "").trim() || "{}";
          let params: unknown;
          try {
            params = JSON.parse(text);
          } catch {
            return setParamsError('Write the parameters as JSON, e.g. {"delay": 5}');
          }
          setParamsError(undefined);
          rpc.mutate({ body: { selection, start: true, method: String(form.get("method") ?? ""), params } });
        }}
      >
        <TextField label="Method" name="method" required placeholder="reboot" error={fieldErrorsOf(rpc.error).method} />
        <TextField label="Parameters (JSON)" name="params" placeholder="{}" error={paramsError} />
        <p className="text-xs text-slate-500">
          One-way: a connected device gets it now, the others when they connect within an hour.
        </p>
      </ActionDialog>

      <ActionDialog
        title={`Delete ${devices}?`}
        open={action === "delete"}
        onClose={close}
        busy={remove.isPending}
        error={remove.error}
        fields={["confirm"]}
        confirmLabel={`Delete ${devices}`}
        danger
        disabled={count > 1 && typed !== String(count)}
        onSubmit={() =>
          remove.mutate({ body: { selection, start: true, ...(count > 1 ? { confirm: Number(typed) } : {}) } })
        }
      >
        <p className="text-sm text-slate-600">
          Their credentials, attributes and relations go with them; their telemetry stays until retention removes it.
          This cannot be undone.
        </p>
        {count > 1 && (
          <TextField
            label={`Type ${count} to confirm`}
            name="confirm"
            inputMode="numeric"
            autoComplete="off"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
          />
        )}
      </ActionDialog>
    </div>
  );
}
