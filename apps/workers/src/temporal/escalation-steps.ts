// When each notification of an escalation is due: pure arithmetic shared by the workflow (deterministic: no I/O,
// no Node built-ins here) and its tests.

export interface EscalationPlanLevel {
  afterMinutes: number;
  targetIds: string[];
  /** Resolved: a level without its own template has the one of the level before. */
  templateId: string;
}

/** A policy as an escalation runs it: its levels and repeats when the escalation started, the alarm's start. */
export interface EscalationPlan {
  /** Epoch milliseconds the alarm started; levels count from it. */
  startTs: number;
  levels: EscalationPlanLevel[];
  repeatEveryMinutes: number | null;
  repeatLimit: number | null;
}

export interface EscalationStep {
  level: number;
  /** 0: the level itself; 1, 2, ...: repeats of the last level. */
  repeat: number;
  /** Epoch milliseconds it is due. */
  at: number;
}

const MINUTE = 60_000;

/**
 * Step `n` of the plan: the levels in order, then the last level again every `repeatEveryMinutes` (at most
 * `repeatLimit` times; no limit: until acknowledged or cleared). Null past the end.
 */
export function escalationStep(plan: EscalationPlan, n: number): EscalationStep | null {
  const last = plan.levels.length - 1;
  if (n <= last) return { level: n, repeat: 0, at: plan.startTs + plan.levels[n]!.afterMinutes * MINUTE };
  if (plan.repeatEveryMinutes == null || last < 0) return null;
  const repeat = n - last;
  if (plan.repeatLimit != null && repeat > plan.repeatLimit) return null;
  return {
    level: last,
    repeat,
    at: plan.startTs + (plan.levels[last]!.afterMinutes + repeat * plan.repeatEveryMinutes) * MINUTE,
  };
}
