import type { EntityType } from "@industryos/db";
import type { AlarmContext } from "./alarm-context.ts";
import type { ResolvedOriginator } from "./originator.ts";

/** How far up the relations an alarm propagates: deep enough for site → building → floor → room → device. */
export const MAX_PROPAGATION_LEVELS = 10;

export interface PropagationSettings {
  propagate: boolean;
  propagateRelationTypes: string[];
  propagateToOwner: boolean;
  propagateToTenant: boolean;
}

export interface PropagationTarget {
  entityType: EntityType;
  entityId: string;
}

/**
 * The entities an alarm shows on besides its originator: every entity that relates to it
 * (`from` of a relation whose `to` is the originator, and so on up, level by level, each entity
 * once, so cycles end), along the given relation types only when some are named; its owner (the
 * customer, else the tenant); the tenant.
 */
export async function propagationTargets(
  ctx: AlarmContext,
  originator: ResolvedOriginator,
  settings: PropagationSettings,
): Promise<PropagationTarget[]> {
  const targets = new Map<string, PropagationTarget>();
  const add = (entityType: EntityType, entityId: string) => {
    if (entityId !== originator.id && !targets.has(entityId)) targets.set(entityId, { entityType, entityId });
  };
  if (settings.propagate) {
    const seen = new Set([originator.id]);
    let frontier = [originator.id];
    for (let level = 0; level < MAX_PROPAGATION_LEVELS && frontier.length > 0; level++) {
      const relations = await ctx.db.entityRelation.findMany({
        where: {
          toId: { in: frontier },
          typeGroup: "COMMON",
          ...(settings.propagateRelationTypes.length > 0 ? { type: { in: settings.propagateRelationTypes } } : {}),
        },
        select: { fromType: true, fromId: true },
      });
      frontier = [];
      for (const relation of relations) {
        if (seen.has(relation.fromId)) continue;
        seen.add(relation.fromId);
        frontier.push(relation.fromId);
        add(relation.fromType, relation.fromId);
      }
    }
  }
  if (settings.propagateToOwner) {
    if (originator.customerId) add("CUSTOMER", originator.customerId);
    else add("TENANT", ctx.tenantId);
  }
  if (settings.propagateToTenant) add("TENANT", ctx.tenantId);
  return [...targets.values()];
}
