import type { RouterOutputs } from "@industryos/api/router";

type AlarmRules = NonNullable<RouterOutputs["deviceProfiles"]["get"]["alarmRules"]>;
type ConditionSpec = NonNullable<AlarmRules[number]["clear"]>;

/** `temperature > 30`, a threshold from an attribute as `normalTemperature (25)`; all must hold. */
function conditionsInWords(spec: ConditionSpec): string {
  const conditions = spec.conditions.map((c) => {
    const value =
      typeof c.value === "object"
        ? `${c.value.attribute}${c.value.default !== undefined ? ` (${String(c.value.default)})` : ""}`
        : String(c.value);
    return `${c.source === "CONSTANT" ? String(c.constant) : c.key} ${c.op} ${value}`;
  });
  const held = spec.durationSeconds ? ` for ${spec.durationSeconds} s` : "";
  return conditions.join(" and ") + held;
}

/** A device profile's alarm rules read-only: each alarm type, what raises it per severity and what clears it. */
export function AlarmRulesSummary({ rules }: { rules: AlarmRules }) {
  if (rules.length === 0) return <span className="text-slate-500">None</span>;
  return (
    <ul className="space-y-2" aria-label="Alarm rules">
      {rules.map((rule) => (
        <li key={rule.alarmType}>
          <b className="font-medium">{rule.alarmType}</b>
          <ul className="text-xs text-slate-600">
            {Object.entries(rule.create).map(([severity, spec]) => (
              <li key={severity}>
                {severity.toLowerCase()} when {spec ? conditionsInWords(spec) : "—"}
              </li>
            ))}
            {rule.clear && <li>cleared when {conditionsInWords(rule.clear)}</li>}
          </ul>
        </li>
      ))}
    </ul>
  );
}
