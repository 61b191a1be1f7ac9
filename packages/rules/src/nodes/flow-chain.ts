import { z } from "zod";
import { PermanentError } from "../errors.ts";
import { defineNode, success } from "../node.ts";

/** Deepest nesting of chain calls: a chain that (indirectly) calls itself stops here with a clear error. */
export const MAX_CHAIN_DEPTH = 8;
const TOO_DEEP = "Rule chains nest more than";

export const chainCall = defineNode({
  type: "flow.chain",
  category: "flow",
  title: "Rule chain",
  description: `Runs the message through another rule chain of the tenant, then sends it on: Success once that chain finished without a failure, Failure when it failed or does not exist. Chains may call chains up to ${MAX_CHAIN_DEPTH} deep; deeper (a chain that calls itself) is a Failure.`,
  config: z.object({ ruleChainId: z.uuid("Choose a rule chain") }),
  relations: ["Success"],
  run: async (message, config, { services, callChain, chainId, depth = 0 }) => {
    if (!callChain) throw new PermanentError("A rule chain node runs only inside a chain");
    if (depth + 1 > MAX_CHAIN_DEPTH)
      throw new PermanentError(
        `${TOO_DEEP} ${MAX_CHAIN_DEPTH} deep (chain ${chainId ?? "?"} calls ${config.ruleChainId}): does a chain call itself?`,
      );
    const chain = await services.chains.get(message.tenantId, config.ruleChainId);
    if (!chain) throw new PermanentError(`No rule chain ${config.ruleChainId} in this tenant`);
    const run = await callChain(config.ruleChainId, chain, message);
    if (run.failures.length > 0) {
      const failure = run.failures.find((f) => !f.retryable) ?? run.failures[0]!;
      // The innermost call's words, not one wrapper per level.
      if (failure.error.startsWith(TOO_DEEP)) throw new PermanentError(failure.error);
      const text = `Rule chain ${config.ruleChainId} failed at node ${failure.nodeId}: ${failure.error}`;
      // A failure another attempt may fix (a webhook's 503) keeps its chance of a retry.
      throw failure.retryable ? new Error(text) : new PermanentError(text);
    }
    return success(message);
  },
});
