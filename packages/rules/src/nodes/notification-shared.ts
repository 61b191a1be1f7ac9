import { z } from "zod";
import { PermanentError } from "../errors.ts";
import type { RuleMessage } from "../message.ts";
import type { RuleNotification } from "../services.ts";
import { isRecord, metadataText } from "./shared.ts";

/**
 * A list of addresses for one message: comma- or semicolon-separated, each may name metadata
 * values as `${key}` and data values as `$[key]` (ThingsBoard's patterns: `${customerEmail}`). A key
 * the message lacks is a failure: a guessed address would reach someone else.
 */
export function addressesFor(pattern: string, message: RuleMessage): string[] {
  const data = isRecord(message.data) ? message.data : {};
  const filled = pattern
    .replace(/\$\{([^}]+)\}/g, (_, key: string) => {
      const value = message.metadata[key.trim()];
      if (value === undefined)
        throw new PermanentError(`The recipients name \${${key}}, which the metadata does not have`);
      return value;
    })
    .replace(/\$\[([^\]]+)\]/g, (_, key: string) => {
      const value = data[key.trim()];
      if (value === undefined) throw new PermanentError(`The recipients name $[${key}], which the data does not have`);
      return metadataText(value);
    });
  const addresses = [
    ...new Set(
      filled
        .split(/[,;]/)
        .map((a) => a.trim())
        .filter(Boolean),
    ),
  ];
  if (addresses.length === 0) throw new PermanentError("The recipients came out empty for this message");
  return addresses;
}

/** Each address checked with `schema`; the first that fails is a PermanentError naming it. */
export function checkAddresses(addresses: string[], schema: z.ZodType, what: string): string[] {
  for (const address of addresses)
    if (!schema.safeParse(address).success) throw new PermanentError(`"${address}" is not ${what}`);
  return addresses;
}

/**
 * The fields a notification's `${placeholders}` are filled from: the metadata's keys as they are
 * (`${deviceName}`, `${deviceType}`), the data under `data` (`${data.temperature}`), the message type
 * and originator.
 */
export function notificationFields(message: RuleMessage): Record<string, unknown> {
  return {
    ...message.metadata,
    data: message.data,
    msgType: message.type,
    originatorType: message.originator.type,
    originatorId: message.originator.id,
    ts: message.ts,
  };
}

/** The request for one message at one node: keyed by chain, node and message, so a redelivery makes no second one. */
export function notificationFor(
  message: RuleMessage,
  ids: { chainId?: string; nodeId?: string },
  fields: Omit<RuleNotification, "tenantId" | "dedupKey" | "originator" | "info">,
): RuleNotification {
  return {
    tenantId: message.tenantId,
    dedupKey: `rule-node:${ids.chainId ?? "-"}:${ids.nodeId ?? "-"}:${message.id}`,
    originator: message.originator,
    info: notificationFields(message),
    ...fields,
  };
}

/** The message on to Success, with the request's id in its metadata (`notificationRequestId`). */
export const sentOn = (message: RuleMessage, requestId: string) => [
  { relation: "Success", message: { ...message, metadata: { ...message.metadata, notificationRequestId: requestId } } },
];

export const subjectText = z.string().trim().min(1, "Write a subject").max(500);
export const bodyText = (max: number) =>
  z.string().trim().min(1, "Write the text").max(max, `At most ${max} characters`);
export const addressPattern = z.string().trim().min(1, "Name at least one recipient").max(2000);
