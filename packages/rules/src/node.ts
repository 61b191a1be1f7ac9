import type { z } from "zod";
import type { RuleMessage } from "./message.ts";
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
  run(message: RuleMessage, config: z.output<C>, context: NodeContext): Promise<NodeOutput[]>;
}

/** Keeps a node's run function typed by its configuration schema. */
export function defineNode<C extends z.ZodType>(node: RuleNodeType<C>): RuleNodeType<C> {
  return node;
}

export const success = (message: RuleMessage): NodeOutput[] => [{ relation: "Success", message }];
