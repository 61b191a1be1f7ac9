"use client";
import { useState } from "react";
import type { WidgetConfig } from "./widget-config.ts";
import { WidgetFrame } from "./widget-frame.tsx";

/** Sends an RPC to a device and resolves to its answer (the page calls POST /api/v1/devices/{id}/rpc). */
export type RpcCaller = (deviceId: string, method: string, params: unknown) => Promise<unknown>;

function parseParams(text: string, value: unknown): unknown {
  // `{{value}}` in the params template is replaced by the control's value (switch/slider).
  const filled = text.replaceAll("{{value}}", JSON.stringify(value ?? null));
  try {
    return JSON.parse(filled || "null");
  } catch {
    return filled;
  }
}

/** A button, switch or slider that calls the device and shows its answer. */
export function RpcWidget({
  config,
  onRpc,
  readOnly,
}: {
  config: Extract<WidgetConfig, { kind: "rpc" }>;
  onRpc?: RpcCaller;
  readOnly?: boolean;
}) {
  const [answer, setAnswer] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [on, setOn] = useState(false);
  const [level, setLevel] = useState(config.min ?? 0);
  const deviceId = config.source.type === "device" ? config.source.deviceId : "";
  const disabled = busy || !deviceId || !onRpc || readOnly;

  async function call(value: unknown) {
    if (!onRpc || !deviceId) return;
    setBusy(true);
    try {
      const result = await onRpc(deviceId, config.method, parseParams(config.params, value));
      setAnswer({ ok: true, text: result === undefined ? "sent" : JSON.stringify(result) });
    } catch (error) {
      setAnswer({ ok: false, text: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <WidgetFrame title={config.title}>
      <div className="flex h-full flex-col items-center justify-center gap-2">
        {config.control === "button" && (
          <button
            type="button"
            disabled={disabled}
            onClick={() => void call(true)}
            className="rounded-md bg-blue-600 px-4 py-1.5 text-sm font-medium text-white disabled:opacity-50"
          >
            {busy ? "Sending…" : config.method}
          </button>
        )}
        {config.control === "switch" && (
          <button
            type="button"
            role="switch"
            aria-checked={on}
            disabled={disabled}
            onClick={() => {
              setOn(!on);
              void call(!on);
            }}
            className={`h-6 w-11 rounded-full p-0.5 transition disabled:opacity-50 ${on ? "bg-blue-600" : "bg-slate-300"}`}
          >
            <span className={`block h-5 w-5 rounded-full bg-white transition ${on ? "translate-x-5" : ""}`} />
          </button>
        )}
        {config.control === "slider" && (
          <input
            type="range"
            min={config.min ?? 0}
            max={config.max ?? 100}
            value={level}
            disabled={disabled}
            onChange={(e) => setLevel(Number(e.target.value))}
            onPointerUp={() => void call(level)}
            onKeyUp={() => void call(level)}
            className="w-full"
          />
        )}
        {!deviceId && <p className="text-xs text-slate-400">Choose one device in the settings.</p>}
        {answer && (
          <p className={`max-w-full truncate text-xs ${answer.ok ? "text-slate-600" : "text-red-600"}`}>
            {answer.text}
          </p>
        )}
      </div>
    </WidgetFrame>
  );
}
