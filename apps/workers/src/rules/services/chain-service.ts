import { PermanentError, type RuleServices } from "@industryos/rules";
import type { ChainDirectory } from "../chain-directory.ts";

/** `flow.chain`'s lookups: the chain directory's compiled chains, under the tenant's row-level security. */
export function createChainService(chains: ChainDirectory): RuleServices["chains"] {
  return {
    async get(tenantId, chainId) {
      const found = await chains.byId(tenantId, chainId);
      if (!found) return null;
      if ("error" in found) throw new PermanentError(found.error);
      return found.chain;
    },
  };
}
