import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { createRuleChain } from "./create-rule-chain.ts";
import type { importRuleChainInput } from "./schemas.ts";

/** Creates a chain (not the root) from exported JSON; checked like any save. */
export function importRuleChain(ctx: TenantContext, input: z.infer<typeof importRuleChainInput>) {
  return createRuleChain(ctx, { ...input, root: false });
}
