"use client";
import type { RouterInputs } from "@industryos/api/router";
import { Button, Card, EmptyState, QueryView, formatRelativeTime, formatValue } from "@industryos/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "../trpc.ts";

const SCOPES = [
  { value: "SHARED", label: "Shared", help: "Set here, sent to the device." },
  { value: "SERVER", label: "Server", help: "Kept on the platform only." },
  { value: "CLIENT", label: "Client", help: "Reported by the device." },
] as const;
type Scope = (typeof SCOPES)[number]["value"];

type AttributeInput = RouterInputs["attributes"]["save"]["body"][string];
/** Whose attributes: `devices`, `assets` or `customers`, as the attributes API names them in its paths. */
type AttributeOwner = { entityType: NonNullable<RouterInputs["attributes"]["list"]["entityType"]>; id: string };

/** Parses what a person types: numbers and booleans as such, JSON objects, otherwise text. */

function parseValue(text: string): AttributeInput {
  const trimmed = text.trim();
  if (trimmed === "true" || trimmed === "false") return trimmed === "true";
  if (trimmed !== "" && !Number.isNaN(Number(trimmed))) return Number(trimmed);
  if (/^[[{]/.test(trimmed)) {
    try {
      return JSON.parse(trimmed) as AttributeInput;
    } catch {
      return text;
    }
  }
  return text;
}

/**
 * An entity's attributes, one scope at a time, with a form to set and delete them. Only devices have
 * shared (sent to the device) and client (reported by it) attributes; other entities show server ones.
 */
export function AttributesCard({ owner, canEdit }: { owner: AttributeOwner; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const scopes = owner.entityType === "devices" ? SCOPES : SCOPES.filter((s) => s.value === "SERVER");
  const [scope, setScope] = useState<Scope>(scopes[0]!.value);
  const [error, setError] = useState<string>();
  const listInput = { entityType: owner.entityType, id: owner.id, scope };
  const attributes = useQuery({ ...trpc.attributes.list.queryOptions(listInput), refetchInterval: 5_000 });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.attributes.list.queryKey(listInput) });
  const save = useMutation(
    trpc.attributes.save.mutationOptions({ onSuccess: refresh, onError: (e) => setError(e.message) }),
  );
  const remove = useMutation(trpc.attributes.delete.mutationOptions({ onSuccess: refresh }));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const key = String(form.get("key") ?? "").trim();
    if (!key || scope === "CLIENT") return;
    setError(undefined);
    save.mutate(
      {
        entityType: owner.entityType,
        id: owner.id,
        scope,
        body: { [key]: parseValue(String(form.get("value") ?? "")) },
      },
      { onSuccess: () => formElement.reset() },
    );
  };

  const current = scopes.find((s) => s.value === scope)!;
  const editable = canEdit && scope !== "CLIENT";

  return (
    <Card title="Attributes">
      {scopes.length > 1 && (
        <div className="mb-3 flex gap-1 rounded-md bg-slate-100 p-1 text-sm" role="tablist">
          {scopes.map((s) => (
            <button
              key={s.value}
              role="tab"
              type="button"
              aria-selected={s.value === scope}
              onClick={() => setScope(s.value)}
              className={`flex-1 rounded px-2 py-1 ${s.value === scope ? "bg-white font-medium shadow-sm" : "text-slate-600"}`}
            >
              {s.label}
            </button>
          ))}
        </div>
      )}
      <p className="mb-3 text-xs text-slate-500">{current.help}</p>
      <QueryView
        query={attributes}
        isEmpty={(d) => d.length === 0}
        empty={<EmptyState title={`No ${current.label.toLowerCase()} attributes`} />}
      >
        {(rows) => (
          <table className="w-full text-sm">
            <tbody className="divide-y divide-slate-100">
              {rows.map((a) => (
                <tr key={a.key}>
                  <td className="py-1.5 pr-3 font-mono text-xs text-slate-600">{a.key}</td>
                  <td className="py-1.5 pr-3 font-medium">{formatValue(a.value)}</td>
                  <td className="py-1.5 text-right text-xs text-slate-400">{formatRelativeTime(a.lastUpdateTs)}</td>
                  {editable && (
                    <td className="py-1.5 pl-2 text-right">
                      <button
                        type="button"
                        className="text-xs text-red-600 hover:underline"
                        onClick={() => remove.mutate({ ...owner, scope: scope as "SHARED" | "SERVER", keys: a.key })}
                      >
                        Delete
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryView>
      {editable && (
        <form onSubmit={submit} className="mt-4 flex items-end gap-2">
          <input
            name="key"
            aria-label="Attribute key"
            placeholder="key"
            required
            className="w-1/3 rounded-md border-0 px-2 py-1.5 text-sm ring-1 ring-slate-300"
          />
          <input
            name="value"
            aria-label="Attribute value"
            placeholder="value (21.5, true, text or JSON)"
            required
            className="flex-1 rounded-md border-0 px-2 py-1.5 text-sm ring-1 ring-slate-300"
          />
          <Button type="submit" busy={save.isPending}>
            Save
          </Button>
        </form>
      )}
      {error && (
        <p role="alert" className="mt-2 text-sm text-red-600">
          {error}
        </p>
      )}
    </Card>
  );
}
