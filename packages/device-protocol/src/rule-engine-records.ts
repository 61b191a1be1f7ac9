import { isPlainObject } from "./json.ts";
import { partitionOf, RULE_ENGINE_PARTITIONS } from "./channels.ts";

/**
 * The entries of the rule engine's two per-tenant side streams, written by the workers and read
 * by the API (console): the dead letters (`ruleEngineDeadLetters(tenantId)`) and a chain's debug
 * events (`ruleChainDebugEvents(tenantId, chainId)`). One writer and one reader of each format,
 * here, so the two sides cannot drift.
 */

/** A message that failed its chain after every retry. */
export interface DeadLetter {
  /**
   * The one message, as JSON text, exactly as it stood in the `msgs` array of its rule-engine
   * entry (ingest's form: `{"type", "tenantId", "deviceId" | "entityType"+"entityId", ...}`), so a
   * replay puts back the same bytes the consumer read.
   */
  message: string;
  error: string;
  attempts: number;
  /** Epoch milliseconds of the last failed attempt. */
  failedAt: number;
  /** The rule-engine stream it was read from (`rule-engine:3`). */
  stream?: string;
}

/** XADD field list of a dead letter: `message`, `error`, `attempts`, `failedAt`, `stream`. */
export function deadLetterFields(letter: DeadLetter): string[] {
  return [
    "message",
    letter.message,
    "error",
    letter.error,
    "attempts",
    String(letter.attempts),
    "failedAt",
    String(letter.failedAt),
    ...(letter.stream ? ["stream", letter.stream] : []),
  ];
}

function fieldMap(fields: string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) map.set(fields[i]!, fields[i + 1]!);
  return map;
}

/** A dead-letter entry as XRANGE returns its fields; missing fields read as empty / zero. */
export function readDeadLetter(fields: string[]): DeadLetter {
  const map = fieldMap(fields);
  const stream = map.get("stream");
  return {
    message: map.get("message") ?? "",
    error: map.get("error") ?? "",
    attempts: Number(map.get("attempts") ?? 0) || 0,
    failedAt: Number(map.get("failedAt") ?? 0) || 0,
    ...(stream ? { stream } : {}),
  };
}

/**
 * The partition a message belongs on: its originator's (`deviceId`, `entityId`, a platform
 * event's `originatorId`, or a rule message's `originator.id`), as its producer chose it; else
 * the partition of the stream it came from.
 * Undefined when neither is known.
 */
export function partitionOfMessage(message: unknown, stream?: string): number | undefined {
  if (isPlainObject(message)) {
    const originator = isPlainObject(message.originator) ? message.originator.id : undefined;
    const id = [message.deviceId, message.entityId, message.originatorId, originator].find(
      (v) => typeof v === "string" && v.length > 0,
    );
    if (typeof id === "string") return partitionOf(id);
  }
  const match = stream ? /^rule-engine:(\d+)$/.exec(stream) : null;
  const partition = match ? Number(match[1]) : NaN;
  return Number.isInteger(partition) && partition < RULE_ENGINE_PARTITIONS ? partition : undefined;
}

/** What a node with debug on did with one message: the runner's NodeEvent plus its time. */
export interface DebugEvent {
  nodeId: string;
  input: unknown;
  outputs: { relation: string; message: unknown }[];
  error?: string;
  durationMs: number;
  /** Epoch milliseconds. */
  ts: number;
}

/** XADD field list of a debug event: one field `event` holding the JSON. */
export function debugEventFields(event: DebugEvent): ["event", string] {
  return ["event", JSON.stringify(event)];
}

/** A debug entry's event, or null when the entry holds no readable event. */
export function readDebugEvent(fields: string[]): DebugEvent | null {
  const text = fieldMap(fields).get("event");
  if (text === undefined) return null;
  try {
    const event: unknown = JSON.parse(text);
    return isPlainObject(event) && typeof event.nodeId === "string" ? (event as unknown as DebugEvent) : null;
  } catch {
    return null;
  }
}
