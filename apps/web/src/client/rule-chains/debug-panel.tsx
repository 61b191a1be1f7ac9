"use client";
import { EmptyState, QueryView } from "@industryos/ui";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc.ts";
import type { ChainNode } from "./chain-model.ts";

const json = (value: unknown) => JSON.stringify(value, null, 2);
const duration = (ms: number) => (ms < 1 ? "< 1 ms" : `${Math.round(ms)} ms`);

/** What one node did with its latest messages (debug on), polled every 3 seconds while shown. */
export function DebugPanel({
  chainId,
  node,
  savedDebug,
  onDebugChange,
}: {
  chainId: string;
  node: ChainNode;
  /** Whether the saved chain has debug on for this node: the workers only capture what is saved. */
  savedDebug: boolean;
  onDebugChange: (debug: boolean) => void;
}) {
  const trpc = useTRPC();
  const events = useQuery({
    ...trpc.ruleChains.debugEvents.queryOptions({ id: chainId, nodeId: node.id, limit: 20 }),
    refetchInterval: 3_000,
  });
  return (
    <div className="space-y-3">
      <label className="flex items-center justify-between gap-2 text-sm text-slate-700">
        <span>
          <span className="font-medium">Debug</span>
          <span className="block text-xs text-slate-500">Capture this node&apos;s input, output and errors.</span>
        </span>
        <input
          type="checkbox"
          role="switch"
          aria-label="Debug this node"
          checked={node.debug === true}
          onChange={(e) => onDebugChange(e.target.checked)}
        />
      </label>
      {Boolean(node.debug) !== savedDebug && (
        <p className="text-xs text-amber-700">
          Save the chain for the rule engine to {node.debug ? "start" : "stop"} capturing.
        </p>
      )}
      <QueryView query={events} loadingLabel="Loading debug events…">
        {(data) =>
          data.data.length === 0 ? (
            <EmptyState title="No debug events yet">
              {savedDebug ? "Events appear here live as messages pass this node." : "Turn debug on and save."}
            </EmptyState>
          ) : (
            <ol className="space-y-2" aria-label="Debug events">
              {data.data.map((event) => (
                <li key={event.id} className="rounded-md p-2 text-xs ring-1 ring-slate-200">
                  <div className="flex flex-wrap items-center gap-1.5">
                    <span className="text-slate-500">{new Date(event.ts).toLocaleTimeString()}</span>
                    <span className="text-slate-400">{duration(event.durationMs)}</span>
                    {event.outputs.map((o, i) => (
                      <span key={i} className="rounded bg-brand-50 px-1 font-medium text-brand-700">
                        → {o.relation}
                      </span>
                    ))}
                    {event.outputs.length === 0 && !event.error && <span className="text-slate-400">no output</span>}
                  </div>
                  {event.error && <p className="mt-1 text-red-700">{event.error}</p>}
                  <details className="mt-1">
                    <summary className="cursor-pointer text-slate-600">Input</summary>
                    <pre className="max-h-48 overflow-auto rounded bg-slate-50 p-1.5">{json(event.input)}</pre>
                  </details>
                  {event.outputs.length > 0 && (
                    <details>
                      <summary className="cursor-pointer text-slate-600">Output</summary>
                      <pre className="max-h-48 overflow-auto rounded bg-slate-50 p-1.5">
                        {json(event.outputs.map((o) => ({ relation: o.relation, message: o.message })))}
                      </pre>
                    </details>
                  )}
                </li>
              ))}
            </ol>
          )
        }
      </QueryView>
    </div>
  );
}
