import type { PlatformEvent } from "@industryos/device-protocol";
import type { TenantContext } from "../../context.ts";
import type { ApiDeps } from "../../deps.ts";
import { uplinkPublisherFor } from "./uplink-publisher.ts";

/** The rule engine's message types of the API's entity and RPC events, as ThingsBoard names them. */
export type EntityEventType =
  | "ENTITY_CREATED"
  | "ENTITY_UPDATED"
  | "ENTITY_DELETED"
  | "ENTITY_ASSIGNED"
  | "ENTITY_UNASSIGNED"
  | "RPC_SUCCESSFUL"
  | "RPC_TIMEOUT";

/** One event of a change: its message type and what its metadata adds to the actor's. */
export interface EntityEvent {
  msgType: EntityEventType;
  metadata?: Record<string, string>;
}

/**
 * The events of a device's or asset's customer change besides ENTITY_UPDATED: ENTITY_UNASSIGNED
 * from the old customer, then ENTITY_ASSIGNED to the new one (a move between customers is both).
 */
export function assignmentEvents(before: string | null, after: string | null): EntityEvent[] {
  if (before === after) return [];
  return [
    ...(before ? [{ msgType: "ENTITY_UNASSIGNED" as const, metadata: { unassignedCustomerId: before } }] : []),
    ...(after ? [{ msgType: "ENTITY_ASSIGNED" as const, metadata: { assignedCustomerId: after } }] : []),
  ];
}

/**
 * Tells the rule engine about a committed change of an entity (or an RPC's outcome): one platform
 * event per `events` entry on the entity's rule-engine partition, in order, with the entity's view
 * as data and the acting user (`userId`, `userName`) in metadata when known. Through the one
 * publisher the API uses for everything it puts there; never throws: the change is committed, so a
 * failure here (Redis away past the outbox) is logged, not answered as the request's failure.
 */
export async function emitEntityEvent(
  ctx: Pick<TenantContext, "tenantId" | "actor"> & { deps: Pick<ApiDeps, "uplinks" | "redis" | "logger"> },
  entity: { type: string; id: string },
  data: unknown,
  events: EntityEventType | EntityEvent | readonly (EntityEventType | EntityEvent)[],
): Promise<void> {
  const list = (Array.isArray(events) ? events : [events]) as (EntityEventType | EntityEvent)[];
  if (list.length === 0) return;
  const actor: Record<string, string> = {
    ...(ctx.actor.userId ? { userId: ctx.actor.userId } : {}),
    ...(ctx.actor.email ? { userName: ctx.actor.email } : {}),
  };
  const receivedAt = Date.now();
  const json = JSON.stringify(data ?? {});
  const messages: PlatformEvent[] = list.map((e) => {
    const { msgType, metadata } = typeof e === "string" ? { msgType: e, metadata: undefined } : e;
    return {
      type: "EVENT",
      tenantId: ctx.tenantId,
      msgType,
      originatorType: entity.type,
      originatorId: entity.id,
      receivedAt,
      metadata: { ...actor, ...metadata },
      data: json,
    };
  });
  await uplinkPublisherFor(ctx.deps)(messages).catch((error: unknown) =>
    ctx.deps.logger.error(
      { err: error, entityId: entity.id, msgTypes: messages.map((m) => m.msgType) },
      "entity event not appended to the rule engine",
    ),
  );
}
