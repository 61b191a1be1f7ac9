import { scanKeys, type Logger, type RedisClient } from "@industryos/runtime";
import { WorkflowNotFoundError } from "@temporalio/client";
import type { DatabaseClients } from "@industryos/db";
import type { LazyTemporalClient } from "@industryos/temporal-client";
import {
  RULE_GENERATOR_RECONFIGURE_SIGNAL,
  RULE_GENERATOR_WORKFLOW,
  ruleGeneratorWorkflowId,
  type RuleGeneratorInput,
  type RuleGeneratorReconfigure,
} from "@industryos/temporal-client/workflows/rules";
import { generatorNodesOf, type GeneratorNode } from "./generator-nodes.ts";

/** The generators a tenant's schedules were last reconciled to, `chainId/nodeId` (Redis set). */
const registryKey = (tenantId: string) => `rule-engine:generators:${tenantId}`;
const REGISTRY_PATTERN = "rule-engine:generators:*";
const RETRY_MS = 5_000;

export interface GeneratorSchedulesDeps {
  db: DatabaseClients;
  redis: RedisClient;
  temporal: LazyTemporalClient;
  logger: Logger;
}

export interface GeneratorSchedules {
  /** A tenant's chains changed (RULE_CHAINS_CHANGED_CHANNEL): reconcile its schedules soon. */
  tenantChanged(tenantId: string): void;
  /** Every tenant's (at start, after a missed change): resolves when each was reconciled once or failed once. */
  reconcileAll(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Keeps one Temporal workflow (`ruleGeneratorWorkflow`) per generator node of every chain that
 * can run, reconciled from the database: signal-with-start for each node (starts a missing one,
 * tells a running one a new period), cancel for those no chain has any more. Every workers process
 * reconciles on each chain change and at start, and the steps are idempotent, so processes can
 * do it at once; the workflows, not the processes, keep the schedules, so they survive restarts.
 * A generator's own tick also reads its node from the database and ends the workflow when it is
 * gone, should a cancel have been missed.
 */
export function startGeneratorSchedules(deps: GeneratorSchedulesDeps): GeneratorSchedules {
  const { db, redis, temporal, logger } = deps;
  /** Per tenant: the reconcile running, and whether another is due after it. */
  const running = new Map<string, { done: Promise<void>; again: boolean }>();
  const retries = new Set<NodeJS.Timeout>();
  let stopped = false;

  async function wanted(tenantId: string): Promise<Map<string, GeneratorNode>> {
    const rows = await db.forTenant(tenantId).ruleChain.findMany({ select: { id: true, configuration: true } });
    const nodes = new Map<string, GeneratorNode>();
    for (const row of rows)
      for (const node of generatorNodesOf(tenantId, row.id, row.configuration))
        nodes.set(`${node.chainId}/${node.nodeId}`, node);
    return nodes;
  }

  async function reconcile(tenantId: string) {
    const nodes = await wanted(tenantId);
    const client = await temporal.get();
    for (const [member, node] of nodes) {
      const input: RuleGeneratorInput = {
        tenantId,
        chainId: node.chainId,
        nodeId: node.nodeId,
        periodMs: node.periodMs,
      };
      const signal: RuleGeneratorReconfigure = { periodMs: node.periodMs };
      await client.workflow.signalWithStart(RULE_GENERATOR_WORKFLOW, {
        taskQueue: temporal.taskQueue,
        workflowId: ruleGeneratorWorkflowId(input),
        args: [input],
        signal: RULE_GENERATOR_RECONFIGURE_SIGNAL,
        signalArgs: [signal],
      });
      await redis.sadd(registryKey(tenantId), member);
    }
    for (const member of await redis.smembers(registryKey(tenantId))) {
      if (nodes.has(member)) continue;
      const [chainId, nodeId] = member.split("/") as [string, string];
      try {
        await client.workflow.getHandle(ruleGeneratorWorkflowId({ tenantId, chainId, nodeId })).cancel();
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
      await redis.srem(registryKey(tenantId), member);
      logger.info({ tenantId, chainId, nodeId }, "generator stopped");
    }
  }

  /** Reconciles the tenant now, or once more after the reconcile in progress; a failure retries later. */
  function schedule(tenantId: string): Promise<void> {
    const current = running.get(tenantId);
    if (current) {
      current.again = true;
      return current.done;
    }
    const state = { again: false, done: Promise.resolve() };
    state.done = (async () => {
      do {
        state.again = false;
        try {
          await reconcile(tenantId);
        } catch (error) {
          logger.warn({ err: error, tenantId }, "generator schedules not reconciled; retrying");
          if (!stopped) {
            const timer = setTimeout(() => {
              retries.delete(timer);
              if (!stopped) void schedule(tenantId);
            }, RETRY_MS);
            retries.add(timer);
          }
          break;
        }
      } while (state.again && !stopped);
      running.delete(tenantId);
    })();
    running.set(tenantId, state);
    return state.done;
  }

  return {
    tenantChanged(tenantId) {
      if (!stopped) void schedule(tenantId);
    },
    async reconcileAll() {
      let tenants: Set<string>;
      try {
        // Tenants with a generator in some chain, and those with schedules to stop.
        const rows = await db.system.$queryRaw<{ tenantId: string }[]>`
          SELECT DISTINCT "tenantId"::text AS "tenantId" FROM "RuleChain"
          WHERE configuration::text LIKE '%"action.generator"%'`;
        tenants = new Set(rows.map((r) => r.tenantId));
        // Every node's keys: on Redis Cluster a SCAN lists only the node it is sent to.
        for await (const keys of scanKeys(redis, REGISTRY_PATTERN))
          for (const key of keys) tenants.add(key.slice(REGISTRY_PATTERN.length - 1));
      } catch (error) {
        logger.warn({ err: error }, "generator schedules not listed; retrying");
        if (!stopped) {
          const timer = setTimeout(() => {
            retries.delete(timer);
            if (!stopped) void this.reconcileAll();
          }, RETRY_MS);
          retries.add(timer);
        }
        return;
      }
      await Promise.all([...tenants].map((tenantId) => schedule(tenantId)));
    },
    async stop() {
      stopped = true;
      for (const timer of retries) clearTimeout(timer);
      retries.clear();
      await Promise.all([...running.values()].map((r) => r.done));
    },
  };
}
