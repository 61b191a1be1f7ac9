import type { UserRole } from "@industryos/db";
import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { idParams } from "../../services/shared/paging.ts";
import { defineRoute, type AnyRestRoute } from "../route.ts";

interface CrudSpec<L extends z.ZodType, C extends z.ZodType, U extends z.ZodType> {
  /** Collection path, e.g. `/customers`. */
  path: string;
  tag: string;
  /** Singular noun for summaries, e.g. "customer". */
  noun: string;
  /** Overrides "Create a <noun>" where creating means more (an invitation, say). */
  createSummary?: string;
  readRoles: UserRole[];
  writeRoles: UserRole[];
  listInput: L;
  createInput: C;
  updateInput: U;
  list: (ctx: TenantContext, input: z.output<L>) => Promise<unknown>;
  get: (ctx: TenantContext, id: string) => Promise<unknown>;
  create: (ctx: TenantContext, input: z.output<C>) => Promise<unknown>;
  update: (ctx: TenantContext, id: string, input: z.output<U>) => Promise<unknown>;
  remove: (ctx: TenantContext, id: string) => Promise<void>;
}

/** The five routes every plain resource has: list, create, get, update (PATCH), delete. */
export function crudRoutes<L extends z.ZodType, C extends z.ZodType, U extends z.ZodType>(
  spec: CrudSpec<L, C, U>,
): AnyRestRoute[] {
  const { path, tag, noun } = spec;
  const a = /^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`;
  return [
    defineRoute({
      method: "GET",
      path,
      tag,
      summary: `List ${noun}s`,
      access: "tenant",
      roles: spec.readRoles,
      query: spec.listInput,
      handler: ({ ctx, query }) => spec.list(ctx, query as z.output<L>),
    }),
    defineRoute({
      method: "POST",
      path,
      tag,
      summary: spec.createSummary ?? `Create ${a}`,
      access: "tenant",
      roles: spec.writeRoles,
      body: spec.createInput,
      successStatus: 201,
      handler: ({ ctx, body }) => spec.create(ctx, body as z.output<C>),
    }),
    defineRoute({
      method: "GET",
      path: `${path}/{id}`,
      tag,
      summary: `Get ${a}`,
      access: "tenant",
      roles: spec.readRoles,
      params: idParams,
      handler: ({ ctx, params }) => spec.get(ctx, params.id),
    }),
    defineRoute({
      method: "PATCH",
      path: `${path}/{id}`,
      tag,
      summary: `Update ${a}`,
      access: "tenant",
      roles: spec.writeRoles,
      params: idParams,
      body: spec.updateInput,
      handler: ({ ctx, params, body }) => spec.update(ctx, params.id, body as z.output<U>),
    }),
    defineRoute({
      method: "DELETE",
      path: `${path}/{id}`,
      tag,
      summary: `Delete ${a}`,
      access: "tenant",
      roles: spec.writeRoles,
      params: idParams,
      handler: ({ ctx, params }) => spec.remove(ctx, params.id),
    }),
  ];
}
