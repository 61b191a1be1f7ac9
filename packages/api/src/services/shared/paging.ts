import { z } from "zod";

/** `?page=1&pageSize=20`, 1-based, at most 100 rows a page. */
export const pagingInput = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const sortOrder = z.enum(["asc", "desc"]).default("asc");

export function skipTake(input: { page: number; pageSize: number }) {
  return { skip: (input.page - 1) * input.pageSize, take: input.pageSize };
}

export interface Page<T> {
  data: T[];
  total: number;
  page: number;
  pageSize: number;
}

export const uuid = z.uuid("must be a UUID");
/** Path ids: a malformed id is just an id that does not exist. */
export const idParams = z.object({ id: uuid });

/** `?flag=true` in query strings. */
export const queryBoolean = z.enum(["true", "false"]).transform((v) => v === "true");

/** The `{data, total, page, pageSize}` answer of every list operation. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), total: z.number(), page: z.number(), pageSize: z.number() });
