"use client";

/** A row's on/off switch; a click on it does not also open the row. `error`: why the last switch was refused. */
export function EnabledSwitch({
  name,
  on,
  busy,
  error,
  onSwitch,
}: {
  name: string;
  on: boolean;
  busy: boolean;
  error?: { message: string } | null;
  onSwitch: (on: boolean) => void;
}) {
  return (
    <span className="inline-flex items-center gap-2" onClick={(e) => e.stopPropagation()}>
      <input
        type="checkbox"
        role="switch"
        aria-label={`${name} enabled`}
        checked={on}
        disabled={busy}
        onChange={(e) => onSwitch(e.target.checked)}
      />
      <span className="text-xs text-slate-500">{on ? "On" : "Off"}</span>
      {error && (
        <span role="alert" className="text-xs text-red-600">
          {error.message}
        </span>
      )}
    </span>
  );
}
