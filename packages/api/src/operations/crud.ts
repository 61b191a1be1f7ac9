import type { UserRole } from "@industryos/db";
import type { z } from "zod";
import type { TenantContext } from "../context.ts";
import { idParams } from "../services/shared/paging.ts";
import { defineOperation } from "./operation.ts";

interface CrudSpec<L extends z.ZodObject, C extends z.ZodType, U extends z.ZodType, LR, GR, CR, UR> {
  /** Collection path, e.g. `/customers`. */
  path: string;
  tag: string;
  /** Singular noun for summaries, e.g. "customer". */
  noun: string;
  /** Overrides "Create a <noun>" where creating means more (an invitation, say). */
  createSummary?: string;
  readRoles: readonly UserRole[];
  writeRoles: readonly UserRole[];
  listInput: L;
  createInput: C;
  updateInput: U;
  createExample: z.input<C>;
  updateExample: z.input<U>;
  list: (ctx: TenantContext, input: z.output<L>) => Promise<LR>;
  get: (ctx: TenantContext, id: string) => Promise<GR>;
  create: (ctx: TenantContext, input: z.output<C>) => Promise<CR>;
  update: (ctx: TenantContext, id: string, input: z.output<U>) => Promise<UR>;
  remove: (ctx: TenantContext, id: string) => Promise<void>;
}

/** The five operations every plain resource has: list, create, get, update (PATCH), delete. */
export function crudOperations<L extends z.ZodObject, C extends z.ZodType, U extends z.ZodType, LR, GR, CR, UR>(
  spec: CrudSpec<L, C, U, LR, GR, CR, UR>,
) {
  const { path, tag, noun } = spec;
  const a = /^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`;
  const tenant = "tenant" as const;
  return {
    list: defineOperation({
      method: "GET",
      path,
      tag,
      summary: `List ${noun}s`,
      access: tenant,
      roles: spec.readRoles,
      query: spec.listInput,
      handler: ({ ctx, query }) => spec.list(ctx, query as z.output<L>),
    }),
    create: defineOperation({
      method: "POST",
      path,
      tag,
      summary: spec.createSummary ?? `Create ${a}`,
      access: tenant,
      roles: spec.writeRoles,
      body: spec.createInput,
      example: spec.createExample as never,
      successStatus: 201,
      handler: ({ ctx, body }) => spec.create(ctx, body as z.output<C>),
    }),
    get: defineOperation({
      method: "GET",
      path: `${path}/{id}`,
      tag,
      summary: `Get ${a}`,
      access: tenant,
      roles: spec.readRoles,
      params: idParams,
      handler: ({ ctx, params }) => spec.get(ctx, params.id),
    }),
    update: defineOperation({
      method: "PATCH",
      path: `${path}/{id}`,
      tag,
      summary: `Update ${a}`,
      access: tenant,
      roles: spec.writeRoles,
      params: idParams,
      body: spec.updateInput,
      example: spec.updateExample as never,
      handler: ({ ctx, params, body }) => spec.update(ctx, params.id, body as z.output<U>),
    }),
    delete: defineOperation({
      method: "DELETE",
      path: `${path}/{id}`,
      tag,
      summary: `Delete ${a}`,
      access: tenant,
      roles: spec.writeRoles,
      params: idParams,
      handler: ({ ctx, params }) => spec.remove(ctx, params.id),
    }),
  };
}
