import type { RedisClient } from "@industryos/runtime";
import { ruleEngineEntries, type PlatformEvent, type RuleResume } from "@industryos/device-protocol";
import type { HeldRuleMessage } from "@industryos/temporal-client/workflows/rules";

/** How long a resume is remembered as written: far longer than any activity retries one. */
const WRITTEN_TTL_SECONDS = 7 * 24 * 3600;

/**
 * SET NX of the "written" key, and only then the XADD: a retried activity whose first attempt
 * reached Redis (its answer lost) does not put the message back twice.
 */
const APPEND_ONCE = `
if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[2]) then
  redis.call('XADD', KEYS[2], '*', 'msgs', ARGV[1])
  return 1
end
return 0
`;

/**
 * Puts a rule message back on its originator's rule-engine partition, to enter chain `chainId`
 * at node `nodeId` (or, with `relation`, along that node's connections on it): a platform event
 * with a `resume` marker, in device-protocol's entry format, so the consumer runs it in the
 * originator's order with its other messages, and acknowledges, retries and dead-letters it like
 * any. Written straight to Redis, not through an outbox: the caller (a Temporal activity)
 * completes only once the entry is stored, and is retried otherwise. Written once per `onceKey`.
 * Returns false when it was written before.
 */
export async function appendResume(
  redis: RedisClient,
  resume: Omit<RuleResume, "messageId" | "ts">,
  message: HeldRuleMessage,
  onceKey: string,
): Promise<boolean> {
  const event: PlatformEvent = {
    type: "EVENT",
    tenantId: message.tenantId,
    msgType: message.type,
    originatorType: message.originator.type,
    originatorId: message.originator.id,
    receivedAt: Date.now(),
    metadata: message.metadata,
    data: JSON.stringify(message.data ?? null),
    resume: { ...resume, messageId: message.id, ts: message.ts },
  };
  const [entry] = ruleEngineEntries([event]);
  // The once-key is hash-tagged with the stream's name, so on Redis Cluster both keys of the
  // script share the stream's slot.
  const written = await redis.eval(
    APPEND_ONCE,
    2,
    `{${entry!.stream}}:resumed:${onceKey}`,
    entry!.stream,
    entry!.entry,
    WRITTEN_TTL_SECONDS,
  );
  return written === 1;
}
