"use client";
import type { RouterOutputs } from "@industryos/api/router";
import { Button, Dialog } from "@industryos/ui";
import { useState, type FormEvent } from "react";
import { FormActions } from "../form-actions.tsx";
import { fieldErrorsByPath } from "../form-errors.ts";
import { ConditionsEditor, type ConditionSpec } from "./alarm-conditions-editor.tsx";

type AlarmRules = NonNullable<RouterOutputs["deviceProfiles"]["get"]["alarmRules"]>;
type AlarmRule = AlarmRules[number];
type Severity = keyof AlarmRule["create"];

/** Most severe first, as the evaluator tries them (the API's schema names the same five). */
const SEVERITIES = ["CRITICAL", "MAJOR", "MINOR", "WARNING", "INDETERMINATE"] as const satisfies readonly Severity[];

const emptySpec = (): ConditionSpec => ({
  conditions: [{ source: "TIME_SERIES", key: "", op: ">", value: 0 }],
});

/** The problems the form shows beside an input of its own (the rest are listed above the buttons). */
const SHOWN_BESIDE_INPUTS =
  /^alarmRules\.\d+\.(alarmType|create|(create\.\w+|clear)\.(conditions(\.\d+\.(key|constant|op|value))?|durationSeconds|repeats))$/;

const INPUT = "w-full rounded-md border-0 px-2 py-1 text-sm ring-1 ring-inset ring-slate-300";

/**
 * Edits a device profile's alarm rules: per alarm type, the conditions that raise it at each
 * severity and those that clear it. Saved whole, as the API takes them; the API checks them with the
 * rule engine's own schema and each problem shows beside its input. Settings this form does not
 * show (schedules, propagation, thresholds read from attributes) are kept as they are.
 */
export function AlarmRulesDialog({
  rules,
  save,
  onClose,
}: {
  rules: AlarmRules;
  save: { run: (rules: AlarmRules) => void; isPending: boolean; error: unknown };
  onClose: () => void;
}) {
  const [draft, setDraft] = useState<AlarmRules>(() => structuredClone(rules));
  const errors = fieldErrorsByPath(save.error);
  const at = (...path: Array<string | number>) => errors[["alarmRules", ...path].join(".")];
  const setRule = (i: number, rule: AlarmRule) => setDraft((d) => d.map((r, j) => (j === i ? rule : r)));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.run(draft);
  };
  return (
    <Dialog open title="Alarm rules" onClose={onClose}>
      <form onSubmit={submit} className="space-y-4" noValidate>
        <div className="max-h-[65vh] space-y-4 overflow-y-auto pr-1">
          {draft.length === 0 && <p className="text-sm text-slate-500">No alarm rules yet.</p>}
          {draft.map((rule, i) => {
            const severities = SEVERITIES.filter((s) => rule.create[s]);
            const unused = SEVERITIES.filter((s) => !rule.create[s]);
            return (
              <fieldset key={i} className="space-y-3 rounded-md p-3 ring-1 ring-slate-200" data-alarm-rule={i}>
                <div className="flex items-end gap-2">
                  <label className="block flex-1 space-y-1 text-sm font-medium text-slate-700">
                    <span>Alarm type</span>
                    <input
                      className={INPUT}
                      value={rule.alarmType}
                      onChange={(e) => setRule(i, { ...rule, alarmType: e.target.value })}
                    />
                  </label>
                  <Button variant="secondary" onClick={() => setDraft((d) => d.filter((_, j) => j !== i))}>
                    Remove rule
                  </Button>
                </div>
                {at(i, "alarmType") && <p className="text-xs text-red-600">{at(i, "alarmType")}</p>}
                {severities.map((severity) => (
                  <div key={severity} className="space-y-1">
                    <div className="flex items-center justify-between text-sm">
                      <span>
                        Raise as <b className="font-medium">{severity.toLowerCase()}</b> when
                      </span>
                      <button
                        type="button"
                        className="text-xs text-slate-500 hover:text-red-600"
                        onClick={() => {
                          const create = { ...rule.create };
                          delete create[severity];
                          setRule(i, { ...rule, create });
                        }}
                      >
                        Remove {severity.toLowerCase()}
                      </button>
                    </div>
                    <ConditionsEditor
                      spec={rule.create[severity]!}
                      onChange={(spec) => setRule(i, { ...rule, create: { ...rule.create, [severity]: spec } })}
                      errorAt={(...path) => at(i, "create", severity, ...path)}
                    />
                  </div>
                ))}
                {at(i, "create") && <p className="text-xs text-red-600">{at(i, "create")}</p>}
                {unused.length > 0 && (
                  <label className="flex items-center gap-2 text-sm text-slate-600">
                    <span>Add a severity</span>
                    <select
                      aria-label="Add a severity"
                      className="rounded-md border-slate-300 text-sm"
                      value=""
                      onChange={(e) => {
                        const severity = e.target.value as Severity;
                        if (severity) setRule(i, { ...rule, create: { ...rule.create, [severity]: emptySpec() } });
                      }}
                    >
                      <option value="">Choose…</option>
                      {unused.map((s) => (
                        <option key={s} value={s}>
                          {s.toLowerCase()}
                        </option>
                      ))}
                    </select>
                  </label>
                )}
                <label className="flex items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    checked={rule.clear !== undefined}
                    onChange={(e) => {
                      const { clear: _dropped, ...rest } = rule;
                      setRule(i, e.target.checked ? { ...rest, clear: emptySpec() } : rest);
                    }}
                  />
                  Clear the alarm when
                </label>
                {rule.clear && (
                  <ConditionsEditor
                    spec={rule.clear}
                    onChange={(clear) => setRule(i, { ...rule, clear })}
                    errorAt={(...path) => at(i, "clear", ...path)}
                  />
                )}
              </fieldset>
            );
          })}
          <Button
            variant="secondary"
            onClick={() => setDraft((d) => [...d, { alarmType: "", create: { MAJOR: emptySpec() } }])}
          >
            Add alarm rule
          </Button>
        </div>
        {/* Problems at settings this form does not show (schedules, propagation): still said, with where. */}
        {Object.entries(errors)
          .filter(([path]) => !SHOWN_BESIDE_INPUTS.test(path))
          .map(([path, message]) => (
            <p key={path} className="text-xs text-red-600">
              {path}: {message}
            </p>
          ))}
        <FormActions
          error={save.error}
          fields={["alarmRules"]}
          submitLabel="Save alarm rules"
          busy={save.isPending}
          onCancel={onClose}
        />
      </form>
    </Dialog>
  );
}
