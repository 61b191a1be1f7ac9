import { proxyActivities, sleep } from "@temporalio/workflow";
import type { RuleDelayInput } from "@industryos/temporal-client/workflows/rules";
import type { Activities } from "../activities.ts";

const { resumeDelayedRuleMessage } = proxyActivities<Activities>({
  startToCloseTimeout: "1 minute",
  // No attempt limit: the message was acknowledged on its stream when this workflow started, so
  // this activity is its only way back; Redis being away for a while must not lose it.
  retry: { initialInterval: "1 second", backoffCoefficient: 2, maximumInterval: "1 minute" },
});

/**
 * `action.delay`: holds one message for `delayMs` (a durable timer: worker and server restarts
 * do not shorten or lose it), then puts it back on its originator's rule-engine partition to go
 * on along the delay node's Success connections.
 */
export async function ruleDelayWorkflow(input: RuleDelayInput): Promise<void> {
  await sleep(input.delayMs);
  await resumeDelayedRuleMessage(input);
}
