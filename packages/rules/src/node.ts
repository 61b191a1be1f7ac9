import type { z } from "zod";
import type { CompiledChain } from "./chain.ts";
import type { RuleMessage } from "./message.ts";
import type { ChainRun } from "./runner.ts";
import type { ScriptRunner } from "./sandbox/script-runner.ts";
import type { RuleServices } from "./services.ts";

export const NODE_CATEGORIES = ["filter", "enrichment", "transformation", "action", "external", "flow"] as const;
export type NodeCategory = (typeof NODE_CATEGORIES)[number];

/** Where a node sends a message next: along the connections labelled `relation`. */
export interface NodeOutput {
  relation: string;
  message: RuleMessage;
}

/** What a node's run function may use, besides its own configuration. */
export interface NodeContext {
  services: RuleServices;
  scripts: ScriptRunner;
  /** The chain node running (set by `runChain`): keys state a node keeps across messages. */
  nodeId?: string;
  /**
   * The chain running (its stored id; set by the caller of `runChain`): with `nodeId`, keys state
   * and durable work a node keeps, so nodes of the same id in two chains do not share it.
   */
  chainId?: string;
  /** How many `flow.chain` calls deep this run is (0 for a chain run from the stream). */
  depth?: number;
  /**
   * Runs another chain with a message, one call deeper (set by `runChain`, used by `flow.chain`):
   * its debug events go where this run's go, tagged with `chainId`.
   */
  callChain?(chainId: string, chain: CompiledChain, message: RuleMessage): Promise<ChainRun>;
}

export interface RuleNodeType<C extends z.ZodType = z.ZodType> {
  /** Fixed, dotted name: `filter.threshold`, `action.createAlarm`. */
  type: string;
  category: NodeCategory;
  /** Shown in the editor's palette. */
  title: string;
  description: string;
  config: C;
  /** The relations this node emits; `Failure` is always possible. */
  relations: readonly string[];
  /**
   * A switch: it may emit relations named at run time (a device profile's name), so a chain may
   * connect it on any relation; `relations` then lists the fixed ones only.
   */
  anyRelation?: boolean;
  /**
   * A source of messages of its own (a generator): nothing connects into it, and the engine runs it
   * on its own schedule, so a chain may start from it instead of from `input`.
   */
  source?: boolean;
  run(message: RuleMessage, config: z.output<C>, context: NodeContext): Promise<NodeOutput[]>;
}

/** Keeps a node's run function typed by its configuration schema. */
export function defineNode<C extends z.ZodType>(node: RuleNodeType<C>): RuleNodeType<C> {
  return node;
}

export const success = (message: RuleMessage): NodeOutput[] => [{ relation: "Success", message }];
