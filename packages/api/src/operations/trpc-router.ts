import type { TRPCMutationProcedure, TRPCQueryProcedure } from "@trpc/server";
import type { z } from "zod";
import { publicProcedure, router, type TrpcContext } from "../trpc.ts";
import { ApiError } from "../errors.ts";
import { BinaryReply, Reply, type AnyOperation } from "./operation.ts";
import { operations, type Operations } from "./registry.ts";
import { runOperation } from "./run-operation.ts";

type Schema = z.ZodType;
/** A schema's input fields, or nothing where the operation has no such part. */
type FieldsOf<S> = [S] extends [never] ? unknown : S extends Schema ? z.input<S> : unknown;
type BodyOf<S> = [S] extends [never] ? unknown : S extends Schema ? { body: z.input<S> } : unknown;
type Simplify<T> = { [K in keyof T]: T[K] } & {};
type Merged<O extends AnyOperation> = Simplify<
  FieldsOf<NonNullable<O["params"]>> & FieldsOf<NonNullable<O["query"]>> & BodyOf<NonNullable<O["body"]>>
>;

/** tRPC input: path parameters and query fields side by side, the JSON body under `body`. */
export type OperationInput<O extends AnyOperation> = keyof Merged<O> extends never ? void : Merged<O>;
export type OperationOutput<O extends AnyOperation> =
  Awaited<ReturnType<O["handler"]>> extends infer R
    ? R extends BinaryReply
      ? never
      : R extends Reply<infer B>
        ? B
        : R
    : never;

type ProcedureOf<O extends AnyOperation> = O["kind"] extends "query"
  ? TRPCQueryProcedure<{ input: OperationInput<O>; output: OperationOutput<O>; meta: object }>
  : TRPCMutationProcedure<{ input: OperationInput<O>; output: OperationOutput<O>; meta: object }>;

type RouterRecordOf<T> = {
  [G in keyof T]: { [K in keyof T[G]]: T[G][K] extends AnyOperation ? ProcedureOf<T[G][K]> : never };
};

const fieldNames = (schema: Schema | undefined) =>
  new Set(schema && "shape" in schema ? Object.keys((schema as z.ZodObject).shape) : []);

/** One tRPC procedure for an operation: the input is split back into path, query and body. */
function procedureFor(operation: AnyOperation) {
  const paramNames = fieldNames(operation.params);
  const builder = publicProcedure.input((raw: unknown) => raw);
  const resolve = async ({ ctx, input }: { ctx: TrpcContext; input: unknown }) => {
    const fields = (input ?? {}) as Record<string, unknown>;
    const params: Record<string, string> = {};
    const query: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(fields)) {
      if (name === "body") continue;
      if (paramNames.has(name)) params[name] = value as string;
      else query[name] = value;
    }
    const result = await runOperation(operation, {
      deps: ctx.deps,
      auth: ctx.auth,
      crossSite: ctx.crossSite,
      hasOrigin: ctx.hasOrigin,
      params,
      query,
      readBody: async () => fields.body,
      client: ctx.client,
      setCookie: ctx.setCookie,
    });
    if (result instanceof BinaryReply)
      throw new ApiError("BAD_REQUEST", `Download the bytes over REST: GET /api/v1${operation.path}`);
    return result instanceof Reply ? result.body : result;
  };
  return operation.kind === "query" ? builder.query(resolve) : builder.mutation(resolve);
}

function routerRecord(table: Operations) {
  return Object.fromEntries(
    Object.entries(table).map(([group, members]) => [
      group,
      Object.fromEntries(
        Object.entries(members as Record<string, AnyOperation>).map(([name, op]) => [name, procedureFor(op)]),
      ),
    ]),
  ) as unknown as RouterRecordOf<Operations>;
}

/** The console's tRPC router, derived from the operation registry: `group.name` for each operation. */
export const appRouter = router(routerRecord(operations));
export type AppRouter = typeof appRouter;
