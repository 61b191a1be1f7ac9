import type { EscalationLevel, EscalationPolicyView } from "./schemas.ts";

export interface EscalationPolicyRow {
  id: string;
  name: string;
  enabled: boolean;
  alarmTypes: string[];
  severities: EscalationPolicyView["severities"];
  levels: unknown;
  repeatEveryMinutes: number | null;
  repeatLimit: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export function toEscalationPolicyView(row: EscalationPolicyRow): EscalationPolicyView {
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled,
    alarmTypes: row.alarmTypes,
    severities: row.severities,
    levels: (Array.isArray(row.levels) ? row.levels : []) as EscalationLevel[],
    repeatEveryMinutes: row.repeatEveryMinutes,
    repeatLimit: row.repeatLimit,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
