import type { RedisClient } from "@industryos/runtime";
import {
  deadLetterFields,
  debugEventFields,
  ruleChainDebugEvents,
  ruleEngineDeadLetters,
} from "@industryos/device-protocol";
import type { NodeEvent } from "@industryos/rules";
import type { RuleEngineSettings } from "./settings.ts";

/** A message that failed for good: what the console's dead-letter list shows and can replay. */
export interface DeadLetterInput {
  tenantId: string;
  /** The message's JSON text as it stood in its entry's `msgs` (replayed as is). */
  message: string;
  error: string;
  attempts: number;
  stream: string;
  /** The node that failed and its chain, when a chain ran. */
  nodeId?: string;
  chainId?: string;
}

/**
 * The rule engine's per-tenant side streams: dead letters (`ruleEngineDeadLetters`, bounded by
 * MAXLEN ~) and debug events of nodes with debug on (`ruleChainDebugEvents`, bounded and expiring),
 * in device-protocol's formats, which the API reads.
 */
export function createSideStreams(
  redis: RedisClient,
  settings: Pick<RuleEngineSettings, "deadLetterMaxLen" | "debugMaxLen" | "debugTtlSeconds">,
) {
  return {
    async deadLetter(letter: DeadLetterInput): Promise<void> {
      const fields = deadLetterFields({
        message: letter.message,
        error: letter.error,
        attempts: letter.attempts,
        failedAt: Date.now(),
        stream: letter.stream,
      });
      if (letter.nodeId) fields.push("nodeId", letter.nodeId);
      if (letter.chainId) fields.push("chainId", letter.chainId);
      await redis.xadd(
        ruleEngineDeadLetters(letter.tenantId),
        "MAXLEN",
        "~",
        settings.deadLetterMaxLen,
        "*",
        ...fields,
      );
    },

    /** Best effort: debug events never hold up or fail a message. */
    async debugEvents(tenantId: string, chainId: string, events: readonly NodeEvent[]): Promise<void> {
      if (events.length === 0) return;
      const key = ruleChainDebugEvents(tenantId, chainId);
      const pipeline = redis.pipeline();
      const ts = Date.now();
      for (const event of events)
        pipeline.xadd(key, "MAXLEN", "~", settings.debugMaxLen, "*", ...debugEventFields({ ...event, ts }));
      pipeline.expire(key, settings.debugTtlSeconds);
      await pipeline.exec();
    },
  };
}

export type SideStreams = ReturnType<typeof createSideStreams>;
