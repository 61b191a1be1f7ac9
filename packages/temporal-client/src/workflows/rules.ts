// The rule engine's durable nodes: their workflows' names, inputs and ids, shared by the rule engine that starts
// them and the worker that runs them. Types and constants only: workflow code imports this file too.

/** A message the delay node holds, as the workflow carries it back (the rule message, JSON). */
export interface HeldRuleMessage {
  id: string;
  type: string;
  tenantId: string;
  originator: { type: string; id: string };
  ts: number;
  data: unknown;
  metadata: Record<string, string>;
}

/** `action.delay`: sleeps `delayMs`, then puts the message back on its stream after node `nodeId`. */
export const RULE_DELAY_WORKFLOW = "ruleDelayWorkflow";

export interface RuleDelayInput {
  tenantId: string;
  chainId: string;
  nodeId: string;
  message: HeldRuleMessage;
  delayMs: number;
}

/**
 * One workflow per chain, node and message: a redelivered message finds the workflow of its first
 * delivery (running or finished) instead of being held twice.
 */
export const ruleDelayWorkflowId = (input: Pick<RuleDelayInput, "tenantId" | "chainId" | "nodeId" | "message">) =>
  `rule-delay:${input.tenantId}:${input.chainId}:${input.nodeId}:${input.message.id}`;

/** `action.generator`: a tick every `periodMs` while the chain has the node; one workflow per node. */
export const RULE_GENERATOR_WORKFLOW = "ruleGeneratorWorkflow";

export interface RuleGeneratorInput {
  tenantId: string;
  chainId: string;
  nodeId: string;
  periodMs: number;
  /** Ticks made before a continue-as-new (for ids of the next ones). */
  ticks?: number;
}

export const ruleGeneratorWorkflowId = (input: Pick<RuleGeneratorInput, "tenantId" | "chainId" | "nodeId">) =>
  `rule-generator:${input.tenantId}:${input.chainId}:${input.nodeId}`;

/** Signal to a running generator: its period changed (`{periodMs}`); signal-with-start starts one that is not. */
export const RULE_GENERATOR_RECONFIGURE_SIGNAL = "ruleGeneratorReconfigure";

export interface RuleGeneratorReconfigure {
  periodMs: number;
}
