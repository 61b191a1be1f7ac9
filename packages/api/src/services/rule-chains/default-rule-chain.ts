import type { RuleChainDefinition } from "@industryos/rules";
import type { TenantContext } from "../../context.ts";
import type { SystemDb, TenantDb } from "../../deps.ts";
import { isUniqueViolation } from "../../rest/error-response.ts";
import { publishRuleChainChange } from "./rule-chain-changes.ts";

export const DEFAULT_RULE_CHAIN_NAME = "Root rule chain";

/**
 * The root chain every tenant starts with. Ingest stores telemetry and attributes before the
 * rule engine sees them, so the default chain must not save them again (`action.saveTimeseries`
 * here would write every point twice). What a new tenant would otherwise never see is a device's
 * RPC request: nothing answers it until the tenant builds a chain that does, and the device just
 * times out. So RPC requests from devices are logged, with debug on, and show in the editor's
 * debug events; every other message passes through (the filter's `False` leads nowhere), which
 * costs one cheap filter per message. Alarms from profile rules get their node here once the
 * library has one.
 */
export const DEFAULT_RULE_CHAIN: RuleChainDefinition = {
  nodes: [
    {
      id: "rpc-requests",
      type: "filter.messageType",
      name: "Device RPC requests",
      config: { types: ["TO_SERVER_RPC_REQUEST"] },
      position: { x: 260, y: 120 },
    },
    {
      id: "log-rpc",
      type: "action.log",
      name: "Log RPC request",
      config: {},
      position: { x: 560, y: 120 },
      debug: true,
    },
  ],
  connections: [
    { from: "input", to: "rpc-requests", relation: "Success" },
    { from: "rpc-requests", to: "log-rpc", relation: "True" },
  ],
};

/** The two tables the default chain is written to; a transaction of the system or a tenant's client. */
type RuleChainTables =
  Pick<SystemDb, "ruleChain" | "ruleChainVersion"> | Pick<TenantDb, "ruleChain" | "ruleChainVersion">;

/**
 * Creates the tenant's default root chain (version 1, saved by the platform: no author). Called
 * inside sign-up's transaction, and lazily for tenants created before rule chains existed.
 */
export async function createDefaultRuleChain(db: RuleChainTables, tenantId: string) {
  const tables = db as Pick<SystemDb, "ruleChain" | "ruleChainVersion">;
  const chain = await tables.ruleChain.create({
    data: { tenantId, name: DEFAULT_RULE_CHAIN_NAME, root: true, configuration: DEFAULT_RULE_CHAIN as never },
  });
  await tables.ruleChainVersion.create({
    data: {
      tenantId,
      ruleChainId: chain.id,
      version: 1,
      name: chain.name,
      configuration: DEFAULT_RULE_CHAIN as never,
      createdById: null,
    },
  });
  return chain;
}

/**
 * Gives a tenant without a root chain (one created before rule chains existed) its default one.
 * Idempotent and safe to race: the root chain is unique per tenant (a partial unique index), so
 * of two concurrent callers one creates it and the other's transaction is refused and ignored.
 */
export async function ensureRootRuleChain(ctx: TenantContext): Promise<void> {
  if ((await ctx.db.ruleChain.count({ where: { root: true } })) > 0) return;
  try {
    const chain = await ctx.db.$transaction((tx) => createDefaultRuleChain(tx, ctx.tenantId));
    await publishRuleChainChange(ctx, chain.id);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}
