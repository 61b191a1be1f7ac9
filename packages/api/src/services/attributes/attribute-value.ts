import { Prisma, type AttributeValueColumns, type EntityType } from "@industryos/db";
import { toKvValue, type KeyValue, type KvValue } from "@industryos/device-protocol";
import type { TenantDb } from "../../deps.ts";

type Tx = Parameters<Parameters<TenantDb["$transaction"]>[0]>[0];

/** Typed the way devices type their values (device-protocol's `toKvValue`), one column each. */
export function attributeColumnsFor(
  key: string,
  raw: unknown,
): { kv: KvValue; columns: Partial<Record<keyof AttributeValueColumns, unknown>> } {
  const kv = toKvValue(key, raw);
  const empty = { boolValue: null, longValue: null, doubleValue: null, stringValue: null, jsonValue: null };
  switch (kv.type) {
    case "BOOLEAN":
      return { kv, columns: { ...empty, boolValue: kv.value } };
    case "LONG":
      return { kv, columns: { ...empty, longValue: BigInt(kv.value) } };
    case "DOUBLE":
      return { kv, columns: { ...empty, doubleValue: kv.value } };
    case "STRING":
      return { kv, columns: { ...empty, stringValue: kv.value } };
    case "JSON":
      return { kv, columns: { ...empty, jsonValue: kv.value } };
  }
}

/**
 * Writes `values` as the entity's attributes of `scope` inside the caller's transaction (insert or
 * replace per key, stamped `now`) and returns them as devices type them.
 */
export async function upsertAttributes(
  tx: Tx,
  target: { tenantId: string; entityType: EntityType; entityId: string; scope: "CLIENT" | "SHARED" | "SERVER" },
  values: Record<string, unknown>,
  now: Date,
): Promise<KeyValue[]> {
  const { tenantId, entityId, scope } = target;
  const written: KeyValue[] = [];
  for (const [key, raw] of Object.entries(values)) {
    const { kv, columns } = attributeColumnsFor(key, raw);
    written.push({ key, value: kv });
    const data = {
      ...columns,
      jsonValue: columns.jsonValue === null ? Prisma.DbNull : columns.jsonValue,
      lastUpdateTs: now,
    } as never;
    await tx.attribute.upsert({
      where: { tenantId_entityId_scope_key: { tenantId, entityId, scope, key } },
      create: { ...target, key, ...(data as object) },
      update: data,
    });
  }
  return written;
}
