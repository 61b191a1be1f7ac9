import { z } from "zod";
import type { RuleNodeType } from "./node.ts";
import { NODE_TYPES } from "./registry.ts";

/** The pseudo-node every chain starts from: connections `from: "input"` receive each message. */
export const INPUT = "input";
/** Any node may fail; a connection on `Failure` receives the message and the error. */
export const FAILURE = "Failure";

const nodeId = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[\w.-]+$/, "Use letters, digits, '.', '_' or '-'")
  .refine((id) => id !== INPUT, `"${INPUT}" is the chain's entry point`);

export const ruleNodeSchema = z.object({
  id: nodeId,
  type: z.string().min(1),
  name: z.string().trim().max(255).optional(),
  config: z.record(z.string(), z.unknown()).default({}),
  /** Where the editor draws it. */
  position: z.object({ x: z.number(), y: z.number() }).optional(),
  /** Capture this node's input, output and errors as debug events. */
  debug: z.boolean().optional(),
});

export const ruleConnectionSchema = z.object({
  from: z.string().min(1),
  to: z.string().min(1),
  relation: z.string().trim().min(1).max(64),
});

export const ruleChainDefinition = z.object({
  nodes: z.array(ruleNodeSchema).max(500),
  connections: z.array(ruleConnectionSchema).max(2000),
});

export type RuleChainDefinition = z.infer<typeof ruleChainDefinition>;

export interface ChainIssue {
  path: (string | number)[];
  message: string;
}

export interface CompiledNode {
  id: string;
  type: RuleNodeType;
  config: unknown;
  debug: boolean;
  /** Targets by relation name. */
  next: Map<string, string[]>;
}

export interface CompiledChain {
  entry: string[];
  nodes: Map<string, CompiledNode>;
}

/**
 * Checks a chain against the node library: known types, each configuration valid for its type,
 * connections between existing nodes on relations the source node emits. Errors block saving;
 * warnings (a node no message can reach, or one that leads nowhere) are shown in the editor.
 */
export function checkChain(definition: RuleChainDefinition): {
  errors: ChainIssue[];
  warnings: ChainIssue[];
  chain: CompiledChain | null;
} {
  const errors: ChainIssue[] = [];
  const warnings: ChainIssue[] = [];
  const nodes = new Map<string, CompiledNode>();
  definition.nodes.forEach((node, i) => {
    if (nodes.has(node.id))
      errors.push({ path: ["nodes", i, "id"], message: `Another node already has id ${node.id}` });
    const type = NODE_TYPES.get(node.type);
    if (!type) {
      errors.push({ path: ["nodes", i, "type"], message: `Unknown node type ${node.type}` });
      return;
    }
    const config = type.config.safeParse(node.config);
    if (!config.success) {
      for (const issue of config.error.issues)
        errors.push({ path: ["nodes", i, "config", ...issue.path.map(String)], message: issue.message });
      return;
    }
    nodes.set(node.id, { id: node.id, type, config: config.data, debug: node.debug ?? false, next: new Map() });
  });

  const entry: string[] = [];
  definition.connections.forEach((connection, i) => {
    const target = nodes.get(connection.to);
    if (!target && !definition.nodes.some((n) => n.id === connection.to))
      errors.push({ path: ["connections", i, "to"], message: `No node ${connection.to}` });
    if (target?.type.source) {
      errors.push({
        path: ["connections", i, "to"],
        message: `${target.type.title} makes its own messages: nothing connects into it`,
      });
      return;
    }
    if (connection.from === INPUT) {
      if (target) entry.push(connection.to);
      return;
    }
    const source = nodes.get(connection.from);
    if (!source) {
      if (!definition.nodes.some((n) => n.id === connection.from))
        errors.push({ path: ["connections", i, "from"], message: `No node ${connection.from}` });
      return;
    }
    if (
      connection.relation !== FAILURE &&
      !source.type.anyRelation &&
      !source.type.relations.includes(connection.relation)
    ) {
      errors.push({
        path: ["connections", i, "relation"],
        message: `${source.type.title} sends ${[...source.type.relations, FAILURE].join(", ")}, not ${connection.relation}`,
      });
      return;
    }
    const targets = source.next.get(connection.relation) ?? [];
    if (target) source.next.set(connection.relation, [...targets, connection.to]);
  });

  // Source nodes (generators) start messages of their own: a chain of only those needs no input.
  const sources = [...nodes.values()].filter((node) => node.type.source).map((node) => node.id);
  if (definition.nodes.length > 0 && entry.length === 0 && sources.length === 0)
    errors.push({ path: ["connections"], message: `Connect "${INPUT}" to the first node` });
  const reachable = new Set<string>();
  const queue = [...entry, ...sources];
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (reachable.has(id)) continue;
    reachable.add(id);
    for (const targets of nodes.get(id)?.next.values() ?? []) queue.push(...targets);
  }
  definition.nodes.forEach((node, i) => {
    if (!reachable.has(node.id))
      warnings.push({ path: ["nodes", i], message: `No message reaches ${node.name ?? node.id}` });
  });

  return { errors, warnings, chain: errors.length === 0 ? { entry, nodes } : null };
}
