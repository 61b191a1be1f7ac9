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
  run(message: RuleMessage, config: z.output<C>, context: NodeContext): Promise<NodeOutput[]>;
}

/** Keeps a node's run function typed by its configuration schema. */
export function defineNode<C extends z.ZodType>(node: RuleNodeType<C>): RuleNodeType<C> {
  return node;
}

export const success = (message: RuleMessage): NodeOutput[] => [{ relation: "Success", message }];
