"use client";
import type { RouterOutputs } from "@industryos/api/router";
import { Button, Card, QueryView, TextField } from "@industryos/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "../form-error.tsx";
import { useTRPC } from "../trpc.ts";

type Retention = RouterOutputs["telemetryRetention"]["get"];
type Rule = { prefix: string; days: string };

/** An API issue's message for one path (`["keys", 0, "days"]`), shown beside that field. */
function issueAt(error: unknown, path: (string | number)[]): string | undefined {
  const details = (error as { data?: { details?: unknown } } | null)?.data?.details;
  if (!Array.isArray(details)) return undefined;
  const hit = details.find(
    (d: { path?: unknown[] }) =>
      Array.isArray(d.path) && d.path.length === path.length && d.path.every((p, i) => p === path[i]),
  ) as { message?: string } | undefined;
  return hit?.message;
}

/** The most days this tenant may keep: the lower of the platform's limit and its system administrator's. */
const maxDays = (r: Retention) => Math.min(r.platformMaxDays, r.tenantMaxDays ?? Infinity);

const limitText = (r: Retention) =>
  r.tenantMaxDays !== null && r.tenantMaxDays < r.platformMaxDays
    ? `${r.tenantMaxDays} days, the limit your system administrator set`
    : `${r.platformMaxDays} days, the platform's limit`;

function RetentionForm({ retention }: { retention: Retention }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [rules, setRules] = useState<Rule[]>(() =>
    retention.keys.map((k) => ({ prefix: k.prefix, days: String(k.days) })),
  );
  const save = useMutation(
    trpc.telemetryRetention.set.mutationOptions({
      onSuccess: (saved) => queryClient.setQueryData(trpc.telemetryRetention.get.queryKey(), saved),
    }),
  );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const days = String(new FormData(event.currentTarget).get("days") ?? "").trim();
    save.mutate({
      body: {
        days: days === "" ? null : Number(days),
        keys: rules.filter((r) => r.prefix.trim()).map((r) => ({ prefix: r.prefix.trim(), days: Number(r.days) })),
      },
    });
  };
  const update = (i: number, change: Partial<Rule>) =>
    setRules((now) => now.map((r, j) => (j === i ? { ...r, ...change } : r)));
  return (
    <form onSubmit={submit} className="space-y-4">
      <TextField
        label="Keep telemetry for (days)"
        name="days"
        type="number"
        min={1}
        defaultValue={retention.days ?? ""}
        placeholder={String(maxDays(retention))}
        hint={`Empty: as long as allowed, ${limitText(retention)}. Older points are deleted each night.`}
        error={issueAt(save.error, ["days"])}
      />
      <p className="text-sm text-slate-600">At most {limitText(retention)}, for every key.</p>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700">Keys kept for a different time</legend>
        {rules.map((rule, i) => (
          <div key={i} className="flex flex-wrap items-start gap-2">
            <div className="min-w-40 flex-1">
              <TextField
                label={`Key prefix ${i + 1}`}
                value={rule.prefix}
                placeholder="debug_"
                onChange={(e) => update(i, { prefix: e.target.value })}
                error={issueAt(save.error, ["keys", i, "prefix"])}
              />
            </div>
            <div className="w-32">
              <TextField
                label="Days"
                type="number"
                min={1}
                value={rule.days}
                onChange={(e) => update(i, { days: e.target.value })}
                error={issueAt(save.error, ["keys", i, "days"])}
              />
            </div>
            <Button variant="ghost" className="mt-6" onClick={() => setRules((now) => now.filter((_, j) => j !== i))}>
              Remove
            </Button>
          </div>
        ))}
        <Button variant="secondary" onClick={() => setRules((now) => [...now, { prefix: "", days: "7" }])}>
          Add a key rule
        </Button>
      </fieldset>
      <FormError error={save.error} fields={["days", "keys"]} />
      {save.isSuccess && <p className="text-sm text-green-700">Saved.</p>}
      <div className="flex justify-end">
        <Button type="submit" busy={save.isPending}>
          Save retention
        </Button>
      </div>
    </form>
  );
}

/** How long this workspace keeps its telemetry (within the platform's limit and its system administrator's). */
export function RetentionCard() {
  const trpc = useTRPC();
  const retention = useQuery(trpc.telemetryRetention.get.queryOptions());
  return (
    <Card title="Telemetry retention">
      <QueryView query={retention} loadingLabel="Loading…">
        {(r) => <RetentionForm retention={r} />}
      </QueryView>
    </Card>
  );
}
