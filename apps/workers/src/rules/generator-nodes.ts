import { checkChain, ruleChainDefinition, type Originator } from "@industryos/rules";

/** A generator node of a stored chain, as its schedule needs it. */
export interface GeneratorNode {
  chainId: string;
  nodeId: string;
  periodMs: number;
  /** Whose messages it makes (the partition its ticks go to). */
  originator: Originator;
}

/**
 * The generator nodes (`action.generator`) of a stored chain that can run: a chain that does not
 * check runs nothing, so its generators get no schedule.
 */
export function generatorNodesOf(tenantId: string, chainId: string, configuration: unknown): GeneratorNode[] {
  const definition = ruleChainDefinition.safeParse(configuration);
  if (!definition.success) return [];
  const chain = checkChain(definition.data).chain;
  if (!chain) return [];
  const generators: GeneratorNode[] = [];
  for (const node of chain.nodes.values()) {
    if (node.type.type !== "action.generator") continue;
    const config = node.config as { periodSeconds: number; originatorType: string; originatorId?: string };
    generators.push({
      chainId,
      nodeId: node.id,
      periodMs: config.periodSeconds * 1000,
      originator:
        config.originatorType === "TENANT"
          ? { type: "TENANT", id: tenantId }
          : { type: config.originatorType, id: config.originatorId! },
    });
  }
  return generators;
}
