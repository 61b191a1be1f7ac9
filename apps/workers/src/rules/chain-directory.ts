import type { DatabaseClients } from "@industryos/db";
import { checkChain, ruleChainDefinition, type CompiledChain } from "@industryos/rules";

/** A tenant's chain, compiled; or why its stored configuration cannot run. */
export type ChainRef = { id: string; chain: CompiledChain } | { id: string; error: string };

type TenantChains = { root?: Promise<ChainRef | null>; byId: Map<string, Promise<ChainRef | null>> };

/**
 * Compiled chains per tenant, loaded on first use and dropped when the tenant's chains change
 * (RULE_CHAINS_CHANGED_CHANNEL, see `forget`). A chain whose `debugMode` is on captures debug
 * events of all its nodes.
 */
export function createChainDirectory(db: DatabaseClients) {
  const tenants = new Map<string, TenantChains>();

  function compile(row: { id: string; configuration: unknown; debugMode: boolean }): ChainRef {
    const definition = ruleChainDefinition.safeParse(row.configuration);
    if (!definition.success) return { id: row.id, error: `rule chain ${row.id} is not a valid chain definition` };
    const { chain, errors } = checkChain(definition.data);
    if (!chain) {
      const first = errors[0];
      return { id: row.id, error: `rule chain ${row.id} does not check: ${first?.path.join(".")}: ${first?.message}` };
    }
    if (row.debugMode) for (const node of chain.nodes.values()) node.debug = true;
    return { id: row.id, chain };
  }

  const select = { id: true, configuration: true, debugMode: true } as const;

  function remember(map: Map<string, Promise<ChainRef | null>>, key: string, load: Promise<ChainRef | null>) {
    map.set(key, load);
    load.catch(() => map.delete(key));
    return load;
  }

  function tenant(tenantId: string): TenantChains {
    let chains = tenants.get(tenantId);
    if (!chains) tenants.set(tenantId, (chains = { byId: new Map() }));
    return chains;
  }

  function root(tenantId: string): Promise<ChainRef | null> {
    const chains = tenant(tenantId);
    if (!chains.root) {
      const load = db
        .forTenant(tenantId)
        .ruleChain.findFirst({ where: { root: true }, select })
        .then((row) => (row ? compile(row) : null));
      chains.root = load;
      load.catch(() => {
        if (chains.root === load) chains.root = undefined;
      });
    }
    return chains.root;
  }

  /** The tenant's chain of this id (under its row-level security: another tenant's id finds nothing). */
  function byId(tenantId: string, chainId: string): Promise<ChainRef | null> {
    const chains = tenant(tenantId).byId;
    return (
      chains.get(chainId) ??
      remember(
        chains,
        chainId,
        db
          .forTenant(tenantId)
          .ruleChain.findFirst({ where: { id: chainId }, select })
          .then((row) => (row ? compile(row) : null)),
      )
    );
  }

  return {
    /**
     * The chain a message of this tenant runs through: `chainId` (a device profile's chain) when
     * it exists, else the tenant's root chain; null when the tenant has neither.
     */
    async chainFor(tenantId: string, chainId: string | null): Promise<ChainRef | null> {
      if (chainId) {
        const found = await byId(tenantId, chainId);
        if (found) return found;
      }
      return root(tenantId);
    },
    /** Exactly this chain (a resumed message's, or one `flow.chain` calls); null when the tenant has none of that id. */
    byId,
    /** Drops one tenant's compiled chains, or every tenant's. */
    forget(tenantId?: string) {
      if (tenantId) tenants.delete(tenantId);
      else tenants.clear();
    },
  };
}

export type ChainDirectory = ReturnType<typeof createChainDirectory>;
