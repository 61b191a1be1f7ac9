import type { RedisClient } from "@industryos/runtime";
import { WorkflowExecutionAlreadyStartedError } from "@temporalio/client";
import { PermanentError, type RuleServices } from "@industryos/rules";
import type { LazyTemporalClient } from "@industryos/temporal-client";
import {
  RULE_DELAY_WORKFLOW,
  ruleDelayWorkflowId,
  type RuleDelayInput,
} from "@industryos/temporal-client/workflows/rules";

/** Redis sorted set of the messages waiting in one delay node: workflow ids scored by when they are due. */
export const delayPendingKey = (tenantId: string, chainId: string, nodeId: string) =>
  `rule-engine:delays:${tenantId}:${chainId}:${nodeId}`;

/**
 * A waiting message counted, unless `max` wait already: 1 counted now, 2 counted before, 0 full.
 * Entries due more than a day ago are dropped first (their resume was written, or the workflow
 * is gone): the count can only be held too high for that long, never for ever.
 */
const COUNT_WAITING = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 2 end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[1], math.floor(tonumber(last[2]) + 86400000))
return 1
`;

const DAY_MS = 86_400_000;

/**
 * `action.delay` over Temporal: one workflow per chain, node and message (`ruleDelayWorkflowId`),
 * started with REJECT_DUPLICATE, so a redelivered message finds its first delivery's workflow,
 * running or finished, and is not held twice. How many wait per node is counted in Redis
 * (`maxPendingMessages`; checked and counted in one step, so concurrent partitions cannot both
 * take the last place). Without a Temporal client (a rule engine started without one) the node fails.
 */
export function createDelayService(redis: RedisClient, temporal: LazyTemporalClient | null): RuleServices["delays"] {
  return {
    async hold(request) {
      if (!temporal)
        throw new PermanentError("This rule engine runs without Temporal: delay nodes cannot hold messages");
      const input: RuleDelayInput = {
        tenantId: request.tenantId,
        chainId: request.chainId,
        nodeId: request.nodeId,
        message: request.message,
        delayMs: request.delayMs,
      };
      const workflowId = ruleDelayWorkflowId(input);
      const key = delayPendingKey(request.tenantId, request.chainId, request.nodeId);
      const now = Date.now();
      const counted = await redis.eval(
        COUNT_WAITING,
        1,
        key,
        workflowId,
        now + request.delayMs,
        now - DAY_MS,
        request.maxPending,
      );
      if (counted === 0) return "full";
      const client = await temporal.get();
      try {
        await client.workflow.start(RULE_DELAY_WORKFLOW, {
          taskQueue: temporal.taskQueue,
          workflowId,
          args: [input],
          workflowIdReusePolicy: "REJECT_DUPLICATE",
        });
        return "held";
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) {
          if (counted === 1) await redis.zrem(key, workflowId).catch(() => undefined);
          throw error;
        }
        // Held before: still counted while its workflow runs, not once it has put the message back.
        const running = await client.workflow
          .getHandle(workflowId)
          .describe()
          .then((d) => d.status.name === "RUNNING")
          .catch(() => false);
        if (!running) await redis.zrem(key, workflowId);
        return "duplicate";
      }
    },
  };
}
