import { z } from "zod";
import { invalidPayload } from "./errors.ts";
import { isPlainObject } from "./json.ts";
import { toKeyValues, type KeyValue, type KvValue } from "./values.ts";

export type AttributeScope = "CLIENT" | "SHARED" | "SERVER";

/** Client attributes are a flat JSON object of key → value. */
export function parseAttributes(json: unknown): KeyValue[] {
  if (!isPlainObject(json)) throw invalidPayload("attributes must be a JSON object of key/value pairs");
  const entries = toKeyValues(json);
  if (entries.length === 0) throw invalidPayload("attributes contain no values");
  return entries;
}

/** `null` means "every key of that scope"; an empty list means "none". */
export interface AttributeKeysRequest {
  clientKeys: string[] | null;
  sharedKeys: string[] | null;
}

const keyList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((keys) => {
    if (keys === undefined) return null;
    const list = typeof keys === "string" ? keys.split(",") : keys;
    return list.map((k) => k.trim()).filter((k) => k.length > 0);
  });

const attributeRequestSchema = z.object({ clientKeys: keyList, sharedKeys: keyList });

/**
 * `{"clientKeys": "a,b", "sharedKeys": "c"}` (MQTT/CoAP body) or the same as query parameters
 * (HTTP). Neither given means both scopes in full, as ThingsBoard answers.
 */
export function parseAttributeRequest(json: unknown): AttributeKeysRequest {
  const parsed = attributeRequestSchema.safeParse(json ?? {});
  if (!parsed.success) throw invalidPayload(`attribute request: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  return parsed.data;
}

export interface AttributeValues {
  client: KeyValue[];
  shared: KeyValue[];
}

function toObject(entries: KeyValue[]): Record<string, unknown> {
  return Object.fromEntries(entries.map(({ key, value }) => [key, value.value]));
}

/** The response body ThingsBoard devices parse: `{"client": {...}, "shared": {...}}`, empty scopes omitted. */
export function formatAttributeResponse(values: AttributeValues): Record<string, Record<string, unknown>> {
  const body: Record<string, Record<string, unknown>> = {};
  if (values.client.length > 0) body.client = toObject(values.client);
  if (values.shared.length > 0) body.shared = toObject(values.shared);
  return body;
}

/** A shared-attribute push: updated keys as a flat object, deletions as `{"deleted": [...]}`. */
export function formatSharedAttributeUpdate(update: {
  updated?: KeyValue[];
  deleted?: string[];
}): Record<string, unknown> {
  if (update.deleted && update.deleted.length > 0) return { deleted: update.deleted };
  return toObject(update.updated ?? []);
}

export function kvEntry(key: string, value: KvValue): KeyValue {
  return { key, value };
}
