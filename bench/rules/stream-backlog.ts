import type { Redis } from "ioredis";
import { RULE_ENGINE_GROUP, RULE_ENGINE_PARTITIONS, ruleEngineStream } from "@industryos/device-protocol";

/** Every message of an entry carries exactly one `receivedAt` in its head (the benchmark's device data never does). */
const MESSAGE_MARK = `"receivedAt":`;

function countMessages(entryText: string): number {
  let n = 0;
  for (
    let at = entryText.indexOf(MESSAGE_MARK);
    at >= 0;
    at = entryText.indexOf(MESSAGE_MARK, at + MESSAGE_MARK.length)
  )
    n++;
  return n;
}

/** Stream ids compare as (milliseconds, sequence). */
function idBefore(a: string, b: string): boolean {
  const [am, as] = a.split("-").map(Number) as [number, number];
  const [bm, bs] = b.split("-").map(Number) as [number, number];
  return am < bm || (am === bm && as < bs);
}

const asMap = (item: unknown) => {
  const map = new Map<string, unknown>();
  if (Array.isArray(item)) for (let i = 0; i + 1 < item.length; i += 2) map.set(String(item[i]), item[i + 1]);
  return map;
};

export interface BacklogReading {
  /** Messages in the entries the group has not acknowledged (pending or not yet read), counted. */
  messages: number;
  /** Those entries. */
  entries: number;
  /** Messages appended to the streams since the first reading (ingest's and the platform's events). */
  written: number;
}

/**
 * The rule engine's backlog in messages, not only in entries (an entry holds one partition's
 * messages of one batch: one under light load, hundreds under heavy load, so entries alone say
 * little). Each reading fetches the entries appended since the last one (XRANGE) and counts their
 * messages; a partition's unacknowledged entries are those from its oldest pending entry on (or
 * after its last delivered one when none is pending): its lane acknowledges in stream order.
 * Entries acknowledged and trimmed before a reading saw them were never behind.
 */
export function streamBacklog(redis: Redis) {
  const partitions = Array.from({ length: RULE_ENGINE_PARTITIONS }, (_, p) => ({
    stream: ruleEngineStream(p),
    lastSeen: "0-0",
    /** Entries seen and not known to be acknowledged, oldest first. */
    entries: [] as { id: string; messages: number }[],
  }));
  let written = 0;
  let first = true;

  return async function read(): Promise<BacklogReading> {
    const pipeline = redis.pipeline();
    for (const p of partitions) {
      pipeline.xrange(p.stream, `(${p.lastSeen}`, "+");
      pipeline.xinfo("GROUPS", p.stream);
      pipeline.xpending(p.stream, RULE_ENGINE_GROUP);
    }
    const results = (await pipeline.exec()) ?? [];
    let messages = 0;
    let entries = 0;
    partitions.forEach((p, i) => {
      const [rangeError, range] = results[3 * i]!;
      const [groupsError, groups] = results[3 * i + 1]!;
      const [pendingError, pending] = results[3 * i + 2]!;
      if (!rangeError)
        for (const [id, fields] of range as [string, string[]][]) {
          const count = countMessages(fields[fields.indexOf("msgs") + 1] ?? "");
          p.entries.push({ id, messages: count });
          p.lastSeen = id;
          if (!first) written += count;
        }
      if (groupsError || pendingError) return; // no group yet: nothing is behind it
      const group = (groups as unknown[]).map(asMap).find((g) => g.get("name") === RULE_ENGINE_GROUP);
      if (!group) return;
      const [pendingCount, oldestPending] = pending as [number, string | null];
      const lastDelivered = String(group.get("last-delivered-id"));
      // Acknowledged: before the oldest pending entry, or up to the last delivered when none is pending.
      const acknowledged = (id: string) =>
        Number(pendingCount) > 0 && oldestPending ? idBefore(id, oldestPending) : !idBefore(lastDelivered, id);
      let drop = 0;
      while (drop < p.entries.length && acknowledged(p.entries[drop]!.id)) drop++;
      p.entries.splice(0, drop);
      for (const e of p.entries) messages += e.messages;
      entries += p.entries.length;
    });
    first = false;
    return { messages, entries, written };
  };
}
