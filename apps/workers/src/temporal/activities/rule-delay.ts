import type { RedisClient } from "@industryos/runtime";
import { ruleDelayWorkflowId, type RuleDelayInput } from "@industryos/temporal-client/workflows/rules";
import { appendResume } from "../../rules/resume-records.ts";
import { delayPendingKey } from "../../rules/services/delay-service.ts";

export function createRuleDelayActivities(deps: { redis?: RedisClient }) {
  return {
    /**
     * Puts a delayed message back on its stream, to go on after the delay node (once, however
     * often this activity is retried), and stops counting it as waiting in the node.
     */
    async resumeDelayedRuleMessage(input: RuleDelayInput): Promise<void> {
      // Retryable: a worker without Redis leaves the message to one that has it.
      if (!deps.redis) throw new Error("this worker has no Redis for the rule engine");
      const workflowId = ruleDelayWorkflowId(input);
      await appendResume(
        deps.redis,
        { chainId: input.chainId, nodeId: input.nodeId, relation: "Success" },
        input.message,
        workflowId,
      );
      await deps.redis.zrem(delayPendingKey(input.tenantId, input.chainId, input.nodeId), workflowId);
    },
  };
}
