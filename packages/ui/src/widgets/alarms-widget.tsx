"use client";
import { createContext, useContext, useState, type ReactNode } from "react";
import { SeverityBadge } from "../alarm-badges.tsx";
import { formatDateTime, formatRelativeTime } from "../format.ts";
import type { WidgetConfig } from "./widget-config.ts";
import { WidgetFrame } from "./widget-frame.tsx";

/** One alarm as the widget shows it (the page maps the API's alarm to it). */
export interface AlarmItem {
  id: string;
  type: string;
  severity: string;
  status: string;
  acknowledged: boolean;
  originatorName: string | null;
  /** Epoch milliseconds. */
  startTs: number;
  /** Where the originator's name links to, e.g. the device's page. */
  originatorHref?: string;
  /** Where the alarm's type links to, e.g. the alarm's page. */
  href?: string;
}

/**
 * What the page gives its alarms widgets: the active alarms of the dashboard's devices, and the
 * actions the viewer may take (none on a read-only dashboard such as a public link).
 */
export interface AlarmsWidgetData {
  alarms: AlarmItem[];
  total: number;
  loading: boolean;
  error: string | null;
  /** What the list covers, in words ("3 devices of this dashboard"). */
  scope?: string;
  onAck?: (id: string) => Promise<unknown>;
  onClear?: (id: string) => Promise<unknown>;
}

const AlarmsDataContext = createContext<AlarmsWidgetData | null>(null);

/** Gives the alarms widgets below it their data; without it they say that alarms are not available here. */
export function AlarmsDataProvider({ value, children }: { value: AlarmsWidgetData | null; children: ReactNode }) {
  return <AlarmsDataContext.Provider value={value}>{children}</AlarmsDataContext.Provider>;
}

/** The active alarms of the dashboard's devices, most recent first, with Ack and Clear when allowed. */
export function AlarmsWidget({ config }: { config: Extract<WidgetConfig, { kind: "alarms" }> }) {
  const data = useContext(AlarmsDataContext);
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  async function act(key: string, action: () => Promise<unknown>) {
    setBusy(key);
    setFailure(null);
    try {
      await action();
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(null);
    }
  }

  const status = !data ? null : data.error ? (
    <span className="text-red-600" title={data.error}>
      error
    </span>
  ) : data.loading ? (
    <span>loading…</span>
  ) : (
    <span>{data.total} active</span>
  );

  return (
    <WidgetFrame title={config.title} status={status}>
      {!data ? (
        <p className="text-sm text-slate-400">Alarms are shown to signed-in users of this workspace.</p>
      ) : data.error ? (
        <p role="alert" className="text-sm text-red-600">
          {data.error}
        </p>
      ) : !data.loading && data.alarms.length === 0 ? (
        <div className="flex h-full flex-col items-center justify-center text-center text-sm text-slate-500">
          <p className="font-medium text-slate-700">No active alarms</p>
          {data.scope && <p className="text-xs">{data.scope}</p>}
        </div>
      ) : (
        <div className="h-full overflow-auto">
          {failure && (
            <p role="alert" className="mb-1 text-xs text-red-600">
              {failure}
            </p>
          )}
          <ul className="divide-y divide-slate-100" aria-label={`${config.title}: active alarms`}>
            {data.alarms.map((a) => (
              <li
                key={a.id}
                className="flex flex-wrap items-center gap-x-3 gap-y-1 py-1.5 text-sm"
                data-alarm-id={a.id}
              >
                <SeverityBadge severity={a.severity} />
                <div className="min-w-0 flex-1">
                  <p className="truncate font-medium text-slate-800">
                    {a.href ? (
                      <a href={a.href} className="hover:underline">
                        {a.type}
                      </a>
                    ) : (
                      a.type
                    )}
                    {!a.acknowledged && <span className="ml-2 text-xs font-normal text-red-600">unacknowledged</span>}
                  </p>
                  <p className="truncate text-xs text-slate-500">
                    {a.originatorHref ? (
                      <a href={a.originatorHref} className="hover:underline">
                        {a.originatorName ?? "(deleted)"}
                      </a>
                    ) : (
                      (a.originatorName ?? "(deleted)")
                    )}{" "}
                    · <span title={formatDateTime(a.startTs)}>{formatRelativeTime(a.startTs)}</span>
                  </p>
                </div>
                {(data.onAck || data.onClear) && (
                  <div className="flex gap-1">
                    {data.onAck && (
                      <button
                        type="button"
                        disabled={a.acknowledged || busy !== null}
                        onClick={() => void act(`ack:${a.id}`, () => data.onAck!(a.id))}
                        aria-label={`Acknowledge ${a.type} on ${a.originatorName ?? "its originator"}`}
                        className="rounded px-2 py-0.5 text-xs font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 disabled:opacity-40"
                      >
                        {busy === `ack:${a.id}` ? "…" : "Ack"}
                      </button>
                    )}
                    {data.onClear && (
                      <button
                        type="button"
                        disabled={busy !== null}
                        onClick={() => void act(`clear:${a.id}`, () => data.onClear!(a.id))}
                        aria-label={`Clear ${a.type} on ${a.originatorName ?? "its originator"}`}
                        className="rounded px-2 py-0.5 text-xs font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 disabled:opacity-40"
                      >
                        {busy === `clear:${a.id}` ? "…" : "Clear"}
                      </button>
                    )}
                  </div>
                )}
              </li>
            ))}
          </ul>
          {data.total > data.alarms.length && (
            <p className="pt-1 text-xs text-slate-400">
              {data.alarms.length} of {data.total} shown
            </p>
          )}
        </div>
      )}
    </WidgetFrame>
  );
}
