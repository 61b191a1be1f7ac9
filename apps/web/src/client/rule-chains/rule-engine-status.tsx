"use client";
import { Button, Card, EmptyState, QueryView, formatNumber, formatRelativeTime } from "@industryos/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "../trpc.ts";

const preview = (value: unknown) => {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
};

const count = (value: number | null) => (value === null ? "—" : formatNumber(value));

/** The rule engine as a tenant administrator sees it: lag per stream partition, and dead letters to replay. */
export function RuleEngineStatus() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [replayed, setReplayed] = useState<string[]>([]);
  const lag = useQuery({ ...trpc.ruleEngine.lag.queryOptions(), refetchInterval: 5_000 });
  const letters = useQuery({
    ...trpc.ruleEngine.deadLetters.queryOptions({ page: 1, pageSize: 20 }),
    refetchInterval: 10_000,
  });
  const replay = useMutation(
    trpc.ruleEngine.replayDeadLetter.mutationOptions({
      onSuccess: (_, input) => {
        setReplayed((ids) => [...ids, input.id]);
        void queryClient.invalidateQueries({ queryKey: trpc.ruleEngine.deadLetters.queryKey() });
      },
    }),
  );

  return (
    <section aria-labelledby="rule-engine-status" className="mt-10 space-y-4">
      <h2 id="rule-engine-status" className="text-lg font-semibold text-slate-900">
        Rule engine
      </h2>
      <Card title="Lag per partition" actions={<span className="text-xs text-slate-500">Refreshes every 5 s</span>}>
        <QueryView query={lag} loadingLabel="Reading the streams…">
          {(data) => (
            <>
              {data.partitions.every((p) => !p.groupExists) && (
                <p className="mb-3 text-sm text-amber-800">
                  No rule-engine worker has read these streams yet: is the workers process running?
                </p>
              )}
              <div className="overflow-x-auto">
                <table className="min-w-full text-sm" aria-label="Rule engine lag">
                  <thead>
                    <tr className="text-left text-xs uppercase tracking-wide text-slate-500">
                      <th className="py-1 pr-4">Partition</th>
                      <th className="py-1 pr-4">Waiting (lag)</th>
                      <th className="py-1 pr-4">In progress</th>
                      <th className="py-1 pr-4">Stream length</th>
                      <th className="py-1 pr-4">Workers</th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {data.partitions.map((p) => (
                      <tr key={p.partition}>
                        <td className="py-1 pr-4 font-mono text-xs">{p.stream}</td>
                        <td className={`py-1 pr-4 ${p.lag ? "font-medium text-amber-700" : ""}`}>{count(p.lag)}</td>
                        <td className="py-1 pr-4">{count(p.pending)}</td>
                        <td className="py-1 pr-4">{count(p.length)}</td>
                        <td className="py-1 pr-4">{p.consumers}</td>
                      </tr>
                    ))}
                    <tr className="font-medium">
                      <td className="py-1 pr-4">Total</td>
                      <td className="py-1 pr-4">{count(data.total.lag)}</td>
                      <td className="py-1 pr-4">{count(data.total.pending)}</td>
                      <td className="py-1 pr-4">{count(data.total.length)}</td>
                      <td />
                    </tr>
                  </tbody>
                </table>
              </div>
            </>
          )}
        </QueryView>
      </Card>
      <Card title="Dead letters">
        {replay.error && (
          <p role="alert" className="mb-2 text-sm text-red-600">
            {replay.error.message}
          </p>
        )}
        <QueryView
          query={letters}
          loadingLabel="Loading dead letters…"
          isEmpty={(d) => d.total === 0}
          empty={
            <EmptyState title="No dead letters">
              Messages that fail their chain after every retry wait here to be replayed.
            </EmptyState>
          }
        >
          {(data) => (
            <ul className="divide-y divide-slate-100 text-sm">
              {data.data.map((letter) => (
                <li key={letter.id} className="flex flex-wrap items-start justify-between gap-3 py-2">
                  <div className="min-w-0 flex-1">
                    <p className="text-red-700">{letter.error}</p>
                    <p className="truncate font-mono text-xs text-slate-500" title={preview(letter.message)}>
                      {preview(letter.message)}
                    </p>
                    <p className="text-xs text-slate-400">
                      {letter.attempts} attempts · failed {formatRelativeTime(letter.failedAt)}
                      {letter.stream ? ` · ${letter.stream}` : ""}
                    </p>
                  </div>
                  {replayed.includes(letter.id) ? (
                    <span className="text-xs text-emerald-700">Replayed</span>
                  ) : (
                    <Button
                      variant="secondary"
                      busy={replay.isPending && replay.variables?.id === letter.id}
                      onClick={() => replay.mutate({ id: letter.id })}
                    >
                      Replay
                    </Button>
                  )}
                </li>
              ))}
              {data.total > data.data.length && (
                <li className="py-2 text-xs text-slate-500">
                  Showing the newest {data.data.length} of {formatNumber(data.total)}.
                </li>
              )}
            </ul>
          )}
        </QueryView>
      </Card>
    </section>
  );
}
