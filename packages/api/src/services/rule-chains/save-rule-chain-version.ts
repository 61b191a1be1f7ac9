import type { RuleChainDefinition } from "@industryos/rules";
import type { TenantContext } from "../../context.ts";
import { ApiError, notFound } from "../../errors.ts";

/**
 * Saves a chain's new state as the next version: the chain row's version goes up by one and a
 * RuleChainVersion row keeps the state, in one transaction (the row lock of the update orders
 * concurrent saves). With `expectedVersion`, a chain saved meanwhile by someone else is a 409.
 */
export async function saveRuleChainVersion(
  ctx: TenantContext,
  id: string,
  state: { name: string; definition: RuleChainDefinition; debugMode?: boolean; expectedVersion?: number },
) {
  return ctx.db.$transaction(async (tx) => {
    const updated = await tx.ruleChain.updateMany({
      where: { id, ...(state.expectedVersion !== undefined ? { version: state.expectedVersion } : {}) },
      data: {
        name: state.name,
        configuration: state.definition as never,
        ...(state.debugMode !== undefined ? { debugMode: state.debugMode } : {}),
        version: { increment: 1 },
      },
    });
    if (updated.count === 0) {
      const current = await tx.ruleChain.findUnique({ where: { id }, select: { version: true } });
      if (!current) throw notFound("Rule chain");
      throw new ApiError(
        "CONFLICT",
        `The rule chain was saved by someone else meanwhile (now version ${current.version}, you edited version ${state.expectedVersion}); reload it and apply your changes again`,
        { currentVersion: current.version },
      );
    }
    const row = await tx.ruleChain.findUniqueOrThrow({ where: { id } });
    await tx.ruleChainVersion.create({
      data: {
        tenantId: ctx.tenantId,
        ruleChainId: id,
        version: row.version,
        name: row.name,
        configuration: state.definition as never,
        createdById: ctx.actor.userId,
      },
    });
    return row;
  });
}
