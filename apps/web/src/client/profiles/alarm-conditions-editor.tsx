"use client";
import type { RouterOutputs } from "@industryos/api/router";
import { Button } from "@industryos/ui";

type AlarmRule = NonNullable<RouterOutputs["deviceProfiles"]["get"]["alarmRules"]>[number];
export type ConditionSpec = NonNullable<AlarmRule["clear"]>;
type Condition = ConditionSpec["conditions"][number];
type Operator = Condition["op"];

/** The threshold filter's operators (the API's schema names the same six). */
const OPERATORS = [">", ">=", "<", "<=", "==", "!="] as const satisfies readonly Operator[];

const SOURCES: Array<{ value: Condition["source"]; label: string }> = [
  { value: "TIME_SERIES", label: "Telemetry" },
  { value: "ATTRIBUTE", label: "Attribute" },
  { value: "CONSTANT", label: "Constant" },
];

const SMALL = "w-full rounded border-0 px-2 py-1 text-sm ring-1 ring-inset ring-slate-300";

/** What was typed as a value: true/false and numbers as themselves, anything else as text. */
function parseLiteral(text: string): string | number | boolean {
  const trimmed = text.trim();
  if (trimmed === "true" || trimmed === "false") return trimmed === "true";
  if (trimmed !== "" && Number.isFinite(Number(trimmed))) return Number(trimmed);
  return text;
}

const literalText = (value: unknown) => (value === undefined ? "" : String(value));

function Problem({ text }: { text?: string }) {
  return text ? <p className="col-span-full text-xs text-red-600">{text}</p> : null;
}

/**
 * The conditions of one severity (or of clearing): all must hold, optionally for a number of
 * seconds. A threshold read from an attribute is kept, shown by its attribute's name.
 */
export function ConditionsEditor({
  spec,
  onChange,
  errorAt,
}: {
  spec: ConditionSpec;
  onChange: (spec: ConditionSpec) => void;
  /** The API's problem at a path inside this spec ("conditions", 0, "key"), if any. */
  errorAt: (...path: Array<string | number>) => string | undefined;
}) {
  const set = (i: number, condition: Condition) =>
    onChange({ ...spec, conditions: spec.conditions.map((c, j) => (j === i ? condition : c)) });
  const grid = "grid grid-cols-[6.5rem_1fr_3.5rem_1fr_1.25rem] items-center gap-1";
  return (
    <div className="space-y-1 rounded bg-slate-50 p-2">
      {spec.conditions.map((c, i) => (
        <div key={i} className={grid} data-alarm-condition={i}>
          <select
            aria-label="Condition source"
            className={SMALL}
            value={c.source}
            onChange={(e) => {
              const source = e.target.value as Condition["source"];
              set(i, source === "CONSTANT" ? { ...c, source, constant: c.constant ?? true } : { ...c, source });
            }}
          >
            {SOURCES.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
          {c.source === "CONSTANT" ? (
            <input
              aria-label="Constant"
              className={SMALL}
              value={literalText(c.constant)}
              onChange={(e) => set(i, { ...c, constant: parseLiteral(e.target.value) })}
            />
          ) : (
            <input
              aria-label="Condition key"
              className={SMALL}
              placeholder="temperature"
              value={c.key ?? ""}
              onChange={(e) => set(i, { ...c, key: e.target.value })}
            />
          )}
          <select
            aria-label="Operator"
            className={SMALL}
            value={c.op}
            onChange={(e) => set(i, { ...c, op: e.target.value as Operator })}
          >
            {OPERATORS.map((op) => (
              <option key={op} value={op}>
                {op}
              </option>
            ))}
          </select>
          {typeof c.value === "object" ? (
            <span className="truncate text-sm text-slate-600" title="A threshold read from the device's attribute">
              attribute {c.value.attribute}
            </span>
          ) : (
            <input
              aria-label="Threshold"
              className={SMALL}
              value={literalText(c.value)}
              onChange={(e) => set(i, { ...c, value: parseLiteral(e.target.value) })}
            />
          )}
          <button
            type="button"
            aria-label="Remove condition"
            className="text-slate-400 hover:text-red-600"
            onClick={() => onChange({ ...spec, conditions: spec.conditions.filter((_, j) => j !== i) })}
          >
            ×
          </button>
          <Problem
            text={
              errorAt("conditions", i, "key") ??
              errorAt("conditions", i, "constant") ??
              errorAt("conditions", i, "op") ??
              errorAt("conditions", i, "value")
            }
          />
        </div>
      ))}
      <Problem text={errorAt("conditions")} />
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <Button
          variant="secondary"
          onClick={() =>
            onChange({
              ...spec,
              conditions: [...spec.conditions, { source: "TIME_SERIES", key: "", op: ">", value: 0 }],
            })
          }
        >
          Add condition
        </Button>
        <label className="flex items-center gap-1 whitespace-nowrap text-slate-600">
          held for
          <input
            aria-label="Held for seconds"
            type="number"
            min={1}
            className="w-20 rounded border-0 px-2 py-1 text-sm ring-1 ring-inset ring-slate-300"
            placeholder="0"
            value={spec.durationSeconds ?? ""}
            onChange={(e) => {
              const { durationSeconds: _previous, ...rest } = spec;
              onChange(e.target.value === "" ? rest : { ...rest, durationSeconds: Number(e.target.value) });
            }}
          />
          s
        </label>
      </div>
      <Problem text={errorAt("durationSeconds") ?? errorAt("repeats")} />
    </div>
  );
}
