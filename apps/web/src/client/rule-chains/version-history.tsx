"use client";
import { ConfirmDialog, QueryView, Spinner, formatRelativeTime } from "@industryos/ui";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { RouterOutputs } from "@industryos/api/router";
import { useTRPC } from "../trpc.ts";
import { diffChains, isEmptyDiff, type ChainConnection, type ChainDiff, type RuleChain } from "./chain-model.ts";

const connectionText = (c: ChainConnection, names: Map<string, string>) =>
  `${names.get(c.from) ?? c.from} → ${names.get(c.to) ?? c.to} on ${c.relation}`;

export function DiffView({ diff, names }: { diff: ChainDiff; names: Map<string, string> }) {
  if (isEmptyDiff(diff)) return <p className="text-xs text-slate-500">No differences.</p>;
  const row = (tone: string, sign: string, text: string, key: string) => (
    <li key={key} className={`rounded px-2 py-1 text-xs ${tone}`}>
      <span className="mr-1 font-mono font-bold">{sign}</span>
      {text}
    </li>
  );
  return (
    <ul className="space-y-1" data-testid="version-diff">
      {diff.renamed &&
        row("bg-amber-50 text-amber-900", "~", `Renamed “${diff.renamed.from}” to “${diff.renamed.to}”`, "name")}
      {diff.added.map((n) =>
        row("bg-emerald-50 text-emerald-900", "+", `Node ${n.name || n.id} (${n.type})`, `a-${n.id}`),
      )}
      {diff.removed.map((n) => row("bg-red-50 text-red-900", "−", `Node ${n.name || n.id} (${n.type})`, `r-${n.id}`))}
      {diff.changed.map((c) =>
        row("bg-amber-50 text-amber-900", "~", `Node ${c.label}: ${c.fields.join(", ")}`, `c-${c.id}`),
      )}
      {diff.addedConnections.map((c) =>
        row(
          "bg-emerald-50 text-emerald-900",
          "+",
          `Connection ${connectionText(c, names)}`,
          `ac-${c.from}${c.relation}${c.to}`,
        ),
      )}
      {diff.removedConnections.map((c) =>
        row(
          "bg-red-50 text-red-900",
          "−",
          `Connection ${connectionText(c, names)}`,
          `rc-${c.from}${c.relation}${c.to}`,
        ),
      )}
    </ul>
  );
}

/** Both versions, whole, then what changed from the first to the second. */
function VersionDiff({ id, from, to }: { id: string; from: number; to: number }) {
  const trpc = useTRPC();
  const a = useQuery(trpc.ruleChains.getVersion.queryOptions({ id, version: from }));
  const b = useQuery(trpc.ruleChains.getVersion.queryOptions({ id, version: to }));
  if (a.isPending || b.isPending) return <Spinner label="Comparing…" />;
  if (a.error || b.error) return <p className="text-xs text-red-600">{(a.error ?? b.error)?.message}</p>;
  const names = new Map([...a.data.nodes, ...b.data.nodes].map((n) => [n.id, n.name || n.id]));
  names.set("input", "Input");
  return <DiffView diff={diffChains(a.data, b.data)} names={names} />;
}

/** The chain's saved versions, newest first: compare any two, restore one (saved as a new version). */
export function VersionHistory({
  chain,
  dirty,
  onRestored,
}: {
  chain: RuleChain;
  dirty: boolean;
  onRestored: (restored: RouterOutputs["ruleChains"]["restoreVersion"]) => void;
}) {
  const trpc = useTRPC();
  const versions = useQuery(trpc.ruleChains.versions.queryOptions({ id: chain.id, page: 1, pageSize: 50 }));
  const [compare, setCompare] = useState<{ from: number; to: number } | null>(null);
  const [restoring, setRestoring] = useState<number | null>(null);
  const restore = useMutation(
    trpc.ruleChains.restoreVersion.mutationOptions({
      onSuccess: (restored) => {
        setRestoring(null);
        setCompare(null);
        onRestored(restored);
      },
    }),
  );

  return (
    <div className="space-y-3">
      <p className="text-xs text-slate-500">Every save is a version. Restoring one saves it again as the newest.</p>
      <QueryView query={versions} loadingLabel="Loading versions…">
        {(list) => {
          const numbers = list.data.map((v) => v.version);
          const options = numbers.map((n) => (
            <option key={n} value={n}>
              v{n}
            </option>
          ));
          return (
            <>
              <ol className="divide-y divide-slate-100 rounded-md ring-1 ring-slate-200" aria-label="Versions">
                {list.data.map((v) => (
                  <li key={v.version} className="flex items-center justify-between gap-2 px-2 py-1.5 text-xs">
                    <div>
                      <span className="font-semibold text-slate-800">Version {v.version}</span>
                      {v.version === chain.version && (
                        <span className="ml-1 rounded bg-brand-100 px-1 text-[10px] text-brand-700">current</span>
                      )}
                      <p className="text-slate-500">
                        {v.nodeCount} nodes · {formatRelativeTime(v.createdAt)}
                      </p>
                    </div>
                    {v.version !== chain.version && (
                      <div className="flex gap-2">
                        <button
                          type="button"
                          className="text-brand-700 hover:underline"
                          aria-label={`Compare version ${v.version} with the current one`}
                          onClick={() => setCompare({ from: v.version, to: chain.version })}
                        >
                          Compare
                        </button>
                        <button
                          type="button"
                          className="text-brand-700 hover:underline"
                          aria-label={`Restore version ${v.version}`}
                          onClick={() => {
                            restore.reset();
                            setRestoring(v.version);
                          }}
                        >
                          Restore
                        </button>
                      </div>
                    )}
                  </li>
                ))}
              </ol>
              {numbers.length > 1 && (
                <div className="space-y-2 rounded-md bg-slate-50 p-2 ring-1 ring-slate-200">
                  <div className="flex items-center gap-2 text-xs text-slate-700">
                    <span>Compare</span>
                    <select
                      aria-label="Compare from version"
                      className="rounded border-0 py-0.5 text-xs ring-1 ring-slate-300"
                      value={compare?.from ?? numbers[1]}
                      onChange={(e) => setCompare({ from: Number(e.target.value), to: compare?.to ?? numbers[0]! })}
                    >
                      {options}
                    </select>
                    <span>with</span>
                    <select
                      aria-label="Compare to version"
                      className="rounded border-0 py-0.5 text-xs ring-1 ring-slate-300"
                      value={compare?.to ?? numbers[0]}
                      onChange={(e) => setCompare({ from: compare?.from ?? numbers[1]!, to: Number(e.target.value) })}
                    >
                      {options}
                    </select>
                  </div>
                  <VersionDiff id={chain.id} from={compare?.from ?? numbers[1]!} to={compare?.to ?? numbers[0]!} />
                </div>
              )}
            </>
          );
        }}
      </QueryView>
      <ConfirmDialog
        open={restoring !== null}
        title={`Restore version ${restoring ?? ""}?`}
        confirmLabel={`Restore version ${restoring ?? ""}`}
        tone="primary"
        busy={restore.isPending}
        error={restore.error}
        onConfirm={() => restoring !== null && restore.mutate({ id: chain.id, version: restoring })}
        onClose={() => setRestoring(null)}
      >
        <p>
          The chain goes back to version {restoring}, saved as version {chain.version + 1}; the rule engine uses it from
          then on.
          {dirty && " Your unsaved changes are lost."}
        </p>
      </ConfirmDialog>
    </div>
  );
}
