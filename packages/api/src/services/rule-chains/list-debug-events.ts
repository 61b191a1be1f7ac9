import { readDebugEvent, ruleChainDebugEvents } from "@industryos/device-protocol";
import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { findRuleChain } from "./find-rule-chain.ts";
import type { debugEventsInput } from "./schemas.ts";

/** How far back one read looks: the workers keep the stream bounded and expiring, this bounds one answer. */
const SCAN_LIMIT = 2_000;

/**
 * A chain's debug events (what its nodes with debug on did: input, outputs with their relation,
 * error, duration), newest first, optionally of one node, read from the stream the workers write.
 */
export async function listDebugEvents(ctx: TenantContext, id: string, input: z.infer<typeof debugEventsInput>) {
  await findRuleChain(ctx, id);
  const key = ruleChainDebugEvents(ctx.tenantId, id);
  const entries = await ctx.deps.redis.xrevrange(key, "+", "-", "COUNT", input.nodeId ? SCAN_LIMIT : input.limit);
  const data = [];
  for (const [entryId, fields] of entries) {
    const event = readDebugEvent(fields);
    if (!event || (input.nodeId && event.nodeId !== input.nodeId)) continue;
    data.push({ id: entryId, ...event });
    if (data.length >= input.limit) break;
  }
  return { data };
}
