import { checkChain, type ChainIssue, type RuleChainDefinition } from "@industryos/rules";
import { ApiError } from "../../errors.ts";

/**
 * Checks a chain against the node library before it is saved: unknown node types, invalid node
 * configurations and dangling connections are a 422 whose `details` are `[{path, message}]`
 * (paths such as `["nodes", 0, "config", "key"]`, as in the request body). Warnings (a node no
 * message reaches) do not block the save; the caller returns them.
 */
export function checkDefinition(definition: RuleChainDefinition): { warnings: ChainIssue[] } {
  const { errors, warnings } = checkChain(definition);
  if (errors.length > 0) {
    const first = errors[0]!;
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : "";
    throw new ApiError("VALIDATION_FAILED", `${first.path.join(".")}: ${first.message}${more}`, errors);
  }
  return { warnings };
}

/** Only what a chain is made of: the stored configuration, without anything else the body held. */
export const definitionFrom = (input: RuleChainDefinition): RuleChainDefinition => ({
  nodes: input.nodes,
  connections: input.connections,
});
