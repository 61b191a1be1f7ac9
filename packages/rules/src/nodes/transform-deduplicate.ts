import { z } from "zod";
import type { RuleMessage } from "../message.ts";
import { defineNode } from "../node.ts";

interface Window {
  /** When the window opened (the first message's ts). */
  start: number;
  /** "last": the newest message of the window, not yet sent. */
  pending?: RuleMessage;
}

/**
 * Per node (of its chain) and originator, at most one message per window of `intervalSeconds` (by the messages' own
 * times, `ts`). State lives in RuleServices' cache, so every worker sees it and it survives a
 * restart until it expires.
 */
export const deduplicate = defineNode({
  type: "transform.deduplicate",
  category: "transformation",
  title: "Deduplicate",
  description:
    "Lets one message per originator through per interval, timed by the messages' own timestamps. `first`: the window's first message goes on at once, the rest are dropped. `last`: the window's newest message goes on when the originator's first message after the window arrives (no timer sends it earlier: an originator that falls silent leaves its last window unsent).",
  config: z.object({
    intervalSeconds: z.number().int().min(1).max(86_400).default(60),
    strategy: z.enum(["first", "last"]).default("first"),
  }),
  relations: ["Success"],
  run: async (message, config, { services, chainId, nodeId }) => {
    // Node ids are unique within a chain only: the chain's id keeps two chains' windows apart.
    const key = `dedup:${chainId ?? "chain"}:${nodeId ?? "node"}:${message.originator.type}:${message.originator.id}`;
    const intervalMs = config.intervalSeconds * 1000;
    const raw = await services.cache.get(message.tenantId, key);
    const window = raw ? (JSON.parse(raw) as Window) : null;
    // An expired entry is a closed window too; keep state twice the interval so a late "last" still goes.
    const ttl = config.intervalSeconds * 2 + 60;
    const open = window !== null && message.ts >= window.start && message.ts < window.start + intervalMs;
    if (config.strategy === "first") {
      if (open) return [];
      await services.cache.set(message.tenantId, key, JSON.stringify({ start: message.ts }), ttl);
      return [{ relation: "Success", message }];
    }
    if (open) {
      await services.cache.set(message.tenantId, key, JSON.stringify({ start: window.start, pending: message }), ttl);
      return [];
    }
    await services.cache.set(message.tenantId, key, JSON.stringify({ start: message.ts, pending: message }), ttl);
    return window?.pending ? [{ relation: "Success", message: window.pending }] : [];
  },
});
