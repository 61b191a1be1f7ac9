import {
  TRIGGER_CONFIGS,
  type AlarmSeverity,
  type AlarmTrigger,
  type AlarmUnacknowledgedTrigger,
  type DeviceInactivityTrigger,
  type EntityActionTrigger,
} from "@industryos/api";
import type { DatabaseClients } from "@industryos/db";
import type { Logger } from "@industryos/runtime";

/** What every rule notifies: a template and targets. */
export interface Recipients {
  id: string;
  templateId: string;
  targetIds: string[];
}

export type Rule<C> = Recipients & { config: C };

export interface EscalationPolicyFilter {
  id: string;
  alarmTypes: string[];
  severities: AlarmSeverity[];
}

/** A tenant's enabled notification rules by trigger, and its enabled escalation policies' filters. */
export interface TenantNotificationRules {
  alarm: Rule<AlarmTrigger>[];
  unacknowledged: Rule<AlarmUnacknowledgedTrigger>[];
  inactivity: Rule<DeviceInactivityTrigger>[];
  entityAction: Rule<EntityActionTrigger>[];
  policies: EscalationPolicyFilter[];
}

const MAX_TENANTS = 10_000;

/**
 * The rules the rule engine evaluates, per tenant: loaded once (two indexed queries under the tenant's row-level
 * security), parsed with the schemas the API validated them with, kept `ttlMs` and dropped at once on
 * NOTIFICATION_RULES_CHANGED_CHANNEL (`forget`). A stored rule that no longer parses is logged and skipped rather
 * than failing every event of its tenant.
 */
export function createNotificationRuleDirectory(db: Pick<DatabaseClients, "forTenant">, ttlMs: number, logger: Logger) {
  const cache = new Map<string, { expires: number; rules: Promise<TenantNotificationRules> }>();

  async function load(tenantId: string): Promise<TenantNotificationRules> {
    const scoped = db.forTenant(tenantId);
    const [rules, policies] = await Promise.all([
      scoped.notificationRule.findMany({
        where: { enabled: true, triggerType: { not: "RULE_NODE" } },
        select: { id: true, triggerType: true, triggerConfig: true, templateId: true, targetIds: true },
      }),
      scoped.escalationPolicy.findMany({
        where: { enabled: true },
        select: { id: true, alarmTypes: true, severities: true },
      }),
    ]);
    const loaded: TenantNotificationRules = {
      alarm: [],
      unacknowledged: [],
      inactivity: [],
      entityAction: [],
      policies,
    };
    for (const rule of rules) {
      const parsed = TRIGGER_CONFIGS[rule.triggerType].safeParse(rule.triggerConfig);
      if (!parsed.success) {
        logger.warn({ tenantId, ruleId: rule.id, issues: parsed.error.issues }, "notification rule ignored: invalid");
        continue;
      }
      const base = { id: rule.id, templateId: rule.templateId, targetIds: rule.targetIds };
      if (rule.triggerType === "ALARM") loaded.alarm.push({ ...base, config: parsed.data as AlarmTrigger });
      else if (rule.triggerType === "ALARM_UNACKNOWLEDGED")
        loaded.unacknowledged.push({ ...base, config: parsed.data as AlarmUnacknowledgedTrigger });
      else if (rule.triggerType === "DEVICE_INACTIVITY")
        loaded.inactivity.push({ ...base, config: parsed.data as DeviceInactivityTrigger });
      else if (rule.triggerType === "ENTITY_ACTION")
        loaded.entityAction.push({ ...base, config: parsed.data as EntityActionTrigger });
    }
    return loaded;
  }

  return {
    get(tenantId: string): Promise<TenantNotificationRules> {
      const now = Date.now();
      const hit = cache.get(tenantId);
      if (hit && hit.expires > now) return hit.rules;
      const rules = load(tenantId);
      // A failed load is not cached: the next event tries again.
      rules.catch(() => cache.delete(tenantId));
      if (cache.size >= MAX_TENANTS) cache.clear();
      cache.set(tenantId, { expires: now + ttlMs, rules });
      return rules;
    },
    /** Drops one tenant's rules, or every tenant's (after a missed change: a reconnect of the subscription). */
    forget(tenantId?: string) {
      if (tenantId) cache.delete(tenantId);
      else cache.clear();
    },
  };
}

export type NotificationRuleDirectory = ReturnType<typeof createNotificationRuleDirectory>;
