import type { TenantContext } from "../../context.ts";
import { ApiError, notFound } from "../../errors.ts";
import { announceRuleChainChange } from "./rule-chain-changes.ts";

const quoted = (names: string[]) => names.map((n) => `"${n}"`).join(", ");

/**
 * Deletes a chain and its versions. Refused (409) for the root chain (make another chain the
 * root first) and for a chain a device or asset profile names as its default: the database would
 * quietly set the profile's chain to none, and its devices' messages would go to the root chain.
 */
export async function deleteRuleChain(ctx: TenantContext, id: string): Promise<void> {
  const row = await ctx.db.$transaction(async (tx) => {
    // Locks the chain, so a concurrent "make root" or delete waits for this one.
    const [chain] = await tx.$queryRaw<{ id: string; name: string; root: boolean }[]>`
      SELECT id, name, root FROM "RuleChain" WHERE id = ${id}::uuid FOR UPDATE`;
    if (!chain) throw notFound("Rule chain");
    if (chain.root)
      throw new ApiError("CONFLICT", "The root rule chain cannot be deleted; make another chain the root first");
    const [deviceProfiles, assetProfiles] = await Promise.all([
      tx.deviceProfile.findMany({ where: { defaultRuleChainId: id }, select: { id: true, name: true } }),
      tx.assetProfile.findMany({ where: { defaultRuleChainId: id }, select: { id: true, name: true } }),
    ]);
    if (deviceProfiles.length > 0 || assetProfiles.length > 0) {
      const names = [
        ...(deviceProfiles.length ? [`device profile ${quoted(deviceProfiles.map((p) => p.name))}`] : []),
        ...(assetProfiles.length ? [`asset profile ${quoted(assetProfiles.map((p) => p.name))}`] : []),
      ];
      throw new ApiError(
        "CONFLICT",
        `The ${names.join(" and ")} uses this rule chain; choose another chain there first`,
        { deviceProfiles, assetProfiles },
      );
    }
    await tx.ruleChain.delete({ where: { id } });
    return chain;
  });
  await announceRuleChainChange(ctx, { ruleChainId: id, name: row.name, actionType: "DELETED" });
}
