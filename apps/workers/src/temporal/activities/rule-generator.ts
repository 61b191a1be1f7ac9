import type { RedisClient } from "@industryos/runtime";
import type { DatabaseClients } from "@industryos/db";
import { messageIdFrom } from "@industryos/rules";
import { generatorNodesOf } from "../../rules/generator-nodes.ts";
import { appendResume } from "../../rules/resume-records.ts";

export function createRuleGeneratorActivities(deps: { redis?: RedisClient; db?: DatabaseClients }) {
  return {
    /**
     * One tick of a generator: if its chain still has the node, a GENERATOR message from the
     * node's originator goes on the originator's partition to run the node (its script makes the
     * message); returns the node's period. Once per tick, however often retried.
     */
    async emitRuleGeneratorTick(input: {
      tenantId: string;
      chainId: string;
      nodeId: string;
      /** The workflow's id and run: with `tick`, what names this tick's message. */
      workflowId: string;
      runId: string;
      tick: number;
    }): Promise<{ exists: boolean; periodMs: number }> {
      const { redis, db } = deps;
      if (!redis || !db) throw new Error("this worker has no database or Redis for the rule engine");
      const row = await db
        .forTenant(input.tenantId)
        .ruleChain.findFirst({ where: { id: input.chainId }, select: { configuration: true } });
      const node = row
        ? generatorNodesOf(input.tenantId, input.chainId, row.configuration).find((n) => n.nodeId === input.nodeId)
        : undefined;
      if (!node) return { exists: false, periodMs: 0 };
      const name = `${input.workflowId}/${input.runId}/${input.tick}`;
      await appendResume(
        redis,
        { chainId: input.chainId, nodeId: input.nodeId },
        {
          id: messageIdFrom(name),
          type: "GENERATOR",
          tenantId: input.tenantId,
          originator: node.originator,
          ts: Date.now(),
          data: null,
          metadata: {},
        },
        name,
      );
      return { exists: true, periodMs: node.periodMs };
    },
  };
}
