import { Prisma } from "../generated/prisma/client.ts";

/** Thrown when an updateMany/deleteMany would silently widen because of a missing filter. */
export class UnsafeWhereError extends Error {
  constructor(model: string, operation: string, path: string) {
    super(
      `${model}.${operation}: "${path}" is undefined in "where"; Prisma would drop that filter and ` +
        `touch every row. Pass an explicit value, or "where: {}" when you really mean all rows.`,
    );
    this.name = "UnsafeWhereError";
  }
}

function findUndefined(value: unknown, path: string): string | undefined {
  if (value === undefined) return path;
  if (value === null || typeof value !== "object" || value instanceof Date) return undefined;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findUndefined(item, `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return undefined; // Decimal, Buffer, ...
  for (const [key, item] of Object.entries(value)) {
    const found = findUndefined(item, `${path}.${key}`);
    if (found) return found;
  }
  return undefined;
}

/**
 * Rejects `updateMany`/`deleteMany` whose `where` is missing or holds an `undefined` anywhere
 * (`{ where: { tenantId: input.tenantId } }` with a forgotten input would otherwise match
 * everything). After cal.com's disallow-undefined-delete-update-many extension.
 */
export const disallowUndefinedWhere = Prisma.defineExtension({
  name: "disallow-undefined-where",
  query: {
    $allModels: {
      async updateMany({ model, args, query }) {
        const found = findUndefined(args.where, "where");
        if (found) throw new UnsafeWhereError(model, "updateMany", found);
        return query(args);
      },
      async updateManyAndReturn({ model, args, query }) {
        const found = findUndefined(args.where, "where");
        if (found) throw new UnsafeWhereError(model, "updateManyAndReturn", found);
        return query(args);
      },
      async deleteMany({ model, args, query }) {
        const found = findUndefined(args?.where, "where");
        if (found) throw new UnsafeWhereError(model, "deleteMany", found);
        return query(args);
      },
    },
  },
});
