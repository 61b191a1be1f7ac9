import { checkChain, ruleChainDefinition, type RuleChainDefinition } from "@industryos/rules";

export interface RuleChainRow {
  id: string;
  name: string;
  root: boolean;
  debugMode: boolean;
  configuration: unknown;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface RuleChainVersionRow {
  version: number;
  name: string;
  configuration: unknown;
  createdById: string | null;
  createdAt: Date;
}

/** The stored `configuration` column: nodes and connections, exactly as saved. */
export function definitionOf(configuration: unknown): RuleChainDefinition {
  const parsed = ruleChainDefinition.safeParse(configuration);
  return parsed.success ? parsed.data : { nodes: [], connections: [] };
}

export const toSummary = (row: RuleChainRow) => ({
  id: row.id,
  name: row.name,
  root: row.root,
  debugMode: row.debugMode,
  version: row.version,
  nodeCount: definitionOf(row.configuration).nodes.length,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

/** A chain with its nodes and connections, and the editor's warnings (nodes no message reaches). */
export function toView(row: RuleChainRow) {
  const definition = definitionOf(row.configuration);
  return {
    ...toSummary(row),
    nodes: definition.nodes,
    connections: definition.connections,
    warnings: checkChain(definition).warnings,
  };
}

export const toVersionSummary = (row: RuleChainVersionRow) => ({
  version: row.version,
  name: row.name,
  nodeCount: definitionOf(row.configuration).nodes.length,
  createdById: row.createdById,
  createdAt: row.createdAt.toISOString(),
});

/** One saved state, whole: what the editor diffs against the current chain. */
export function toVersionView(row: RuleChainVersionRow) {
  const definition = definitionOf(row.configuration);
  return { ...toVersionSummary(row), nodes: definition.nodes, connections: definition.connections };
}
