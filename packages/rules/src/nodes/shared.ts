import { z } from "zod";
import { PermanentError } from "../errors.ts";
import type { RuleMessage } from "../message.ts";
import { RELATION_DIRECTIONS } from "../services.ts";

/** Where a node reads or writes keys: the message's JSON data or its string metadata. */
export const MESSAGE_PARTS = ["data", "metadata"] as const;
export type MessagePart = (typeof MESSAGE_PARTS)[number];

export const keyName = z.string().trim().min(1, "Name the key").max(255);
export const keyList = z.array(keyName).min(1, "Name at least one key");
export const relationType = z.string().trim().min(1, "Name the relation type").max(255);
export const direction = z
  .enum(RELATION_DIRECTIONS)
  .default("FROM")
  .describe("FROM: relations going out of the originator; TO: relations coming into it");
/** A source key and the key its value is stored under. */
export const keyMapping = z.array(z.object({ from: keyName, to: keyName })).min(1, "Map at least one key");

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** Metadata values are strings (ThingsBoard's contract): anything else is kept as its JSON text. */
export const metadataText = (value: unknown): string =>
  typeof value === "string" ? value : (JSON.stringify(value) ?? "");

/** The message's data as an object of key/value pairs, or a permanent failure naming the node. */
export function dataObject(message: RuleMessage, node: string): Record<string, unknown> {
  if (!isRecord(message.data))
    throw new PermanentError(`${node} needs an object of key/value pairs as the message data`);
  return message.data;
}

/**
 * Adds `values` to the message's metadata (as text) or data (an object: a message whose data is
 * no object cannot take them).
 */
export function withValues(
  message: RuleMessage,
  to: MessagePart,
  values: Record<string, unknown>,
  node: string,
): RuleMessage {
  if (to === "metadata") {
    const metadata = { ...message.metadata };
    for (const key of Object.keys(values)) metadata[key] = metadataText(values[key]);
    return { ...message, metadata };
  }
  return { ...message, data: { ...dataObject(message, node), ...values } };
}

/** What a script returns as a whole message (`transform.script`, `action.generator`): `{msg, metadata?, msgType?}`. */
export const scriptMessageOutput = z.object({
  msg: z.unknown(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  msgType: z.string().min(1).optional(),
});

export type ScriptMessageOutput = z.infer<typeof scriptMessageOutput>;

const isPlainRecord = (value: unknown): value is Record<string, unknown> =>
  isRecord(value) && Object.getPrototypeOf(value) === Object.prototype;

/**
 * `scriptMessageOutput`'s parse, without zod for what scripts return nearly always (a plain
 * object with `msg`, a plain object `metadata` or none, a non-empty `msgType` or none): zod's
 * parse of it was ~5% of a script chain's CPU. Anything else goes through zod, so what it refuses
 * is refused as before. Null when refused.
 */
export function readScriptOutput(value: unknown): ScriptMessageOutput | null {
  if (isPlainRecord(value) && value.msg !== undefined) {
    const { metadata, msgType } = value;
    if (
      (metadata === undefined || isPlainRecord(metadata)) &&
      (msgType === undefined || (typeof msgType === "string" && msgType.length > 0))
    )
      return { msg: value.msg, metadata, msgType };
  }
  const parsed = scriptMessageOutput.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** Metadata values are strings (ThingsBoard's contract); numbers and booleans a script sets are kept as text. */
export function metadataStrings(metadata: Record<string, unknown>): Record<string, string> {
  const strings: Record<string, string> = {};
  for (const key of Object.keys(metadata)) {
    // An own `__proto__` key stays a key (assigning it would set the object's prototype instead).
    if (key === "__proto__")
      Object.defineProperty(strings, key, { value: metadataText(metadata[key]), enumerable: true, writable: true });
    else strings[key] = metadataText(metadata[key]);
  }
  return strings;
}
