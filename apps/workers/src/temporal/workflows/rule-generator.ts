import {
  condition,
  continueAsNew,
  defineSignal,
  proxyActivities,
  setHandler,
  workflowInfo,
} from "@temporalio/workflow";
import {
  RULE_GENERATOR_RECONFIGURE_SIGNAL,
  type RuleGeneratorInput,
  type RuleGeneratorReconfigure,
} from "@industryos/temporal-client/workflows/rules";
import type { Activities } from "../activities.ts";

const { emitRuleGeneratorTick } = proxyActivities<Activities>({
  startToCloseTimeout: "1 minute",
  retry: { initialInterval: "1 second", backoffCoefficient: 2, maximumInterval: "1 minute" },
});

export const ruleGeneratorReconfigure = defineSignal<[RuleGeneratorReconfigure]>(RULE_GENERATOR_RECONFIGURE_SIGNAL);

/** Ticks per run before continuing as new: keeps the history short for a schedule that runs for years. */
const TICKS_PER_RUN = 200;

/**
 * `action.generator`: one tick every period while the node exists. A new period (signal) takes
 * effect at once: the wait restarts from the signal. The workflow ends when a tick finds the node
 * gone, or when the rule engine cancels it after the chain changed.
 */
export async function ruleGeneratorWorkflow(input: RuleGeneratorInput): Promise<void> {
  let periodMs = input.periodMs;
  let changed = false;
  setHandler(ruleGeneratorReconfigure, (next) => {
    if (next.periodMs === periodMs) return;
    periodMs = next.periodMs;
    changed = true;
  });
  let ticks = input.ticks ?? 0;
  for (let made = 0; made < TICKS_PER_RUN;) {
    changed = false;
    if (await condition(() => changed, periodMs)) continue;
    const outcome = await emitRuleGeneratorTick({
      tenantId: input.tenantId,
      chainId: input.chainId,
      nodeId: input.nodeId,
      workflowId: workflowInfo().workflowId,
      runId: workflowInfo().runId,
      tick: ++ticks,
    });
    if (!outcome.exists) return;
    periodMs = outcome.periodMs;
    made++;
  }
  await continueAsNew<typeof ruleGeneratorWorkflow>({ ...input, periodMs, ticks });
}
