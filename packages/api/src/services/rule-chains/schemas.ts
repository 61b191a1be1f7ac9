import { ruleChainDefinition } from "@industryos/rules";
import { z } from "zod";
import { pagingInput, uuid } from "../shared/paging.ts";

export const ruleChainName = z.string().trim().min(1, "Name the rule chain").max(255);

/** Nodes and connections (the entry point is the pseudo-node `"input"` in `from`), as packages/rules defines them. */
const definition = ruleChainDefinition.shape;

export const listRuleChainsInput = pagingInput.extend({ search: z.string().trim().max(255).optional() });

export const createRuleChainInput = z.object({
  name: ruleChainName,
  /** Make it the tenant's root chain (the previous root stops being one). */
  root: z.boolean().optional(),
  debugMode: z.boolean().optional(),
  nodes: definition.nodes,
  connections: definition.connections,
});

/** A save: the whole chain again. `version`, when given, must be the one the editor loaded (else 409). */
export const updateRuleChainInput = z.object({
  name: ruleChainName,
  debugMode: z.boolean().optional(),
  nodes: definition.nodes,
  connections: definition.connections,
  version: z.number().int().min(1).optional(),
});

/** The JSON `export` writes: name, nodes and connections, nothing tenant-specific. */
export const importRuleChainInput = z.object({
  name: ruleChainName,
  nodes: definition.nodes,
  connections: definition.connections,
});

export const versionParams = z.object({ id: uuid, version: z.coerce.number().int().min(1).max(2_147_483_647) });

export const listVersionsInput = pagingInput;

export const debugEventsInput = z.object({
  nodeId: z.string().trim().min(1).max(64).optional(),
  /** Newest first, at most this many. */
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const testScriptInput = z.object({
  script: z.string().min(1, "Write the script").max(20_000),
  /** The sample message's data (`msg` inside the script). */
  msg: z.unknown(),
  metadata: z.record(z.string(), z.string()).optional(),
  msgType: z.string().trim().min(1).max(64).optional(),
});

/** A Redis stream id (`1733500000000-0`); anything else is an id that does not exist. */
export const deadLetterParams = z.object({ id: z.string().regex(/^\d{1,20}-\d{1,20}$/) });

/** Dead letters are a bounded stream: offset paging reads at most page × pageSize entries. */
export const listDeadLettersInput = pagingInput.extend({ page: z.coerce.number().int().min(1).max(1_000).default(1) });
