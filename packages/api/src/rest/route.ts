import type { UserRole } from "@industryos/db";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import type { TenantContext } from "../context.ts";
import type { Authentication } from "../auth/authenticate.ts";
import type { ApiDeps } from "../deps.ts";
import type { ClientInfo } from "../services/auth/login.ts";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RestCall<P, Q, B> {
  deps: ApiDeps;
  request: Request;
  params: P;
  query: Q;
  body: B;
  client: ClientInfo;
  /** Null only on public routes. */
  auth: Authentication | null;
  /** Adds a Set-Cookie header to the response. */
  setCookie(cookie: string): void;
}

/** A tenant route always has an actor inside a tenant, and a context scoped to that tenant. */
export interface TenantCall<P, Q, B> extends RestCall<P, Q, B> {
  actor: Actor;
  tenantId: string;
  ctx: TenantContext;
}

interface RouteBase<PS, QS, BS> {
  method: HttpMethod;
  /** OpenAPI-style path below /api/v1, e.g. `/devices/{id}`. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  params?: PS;
  query?: QS;
  body?: BS;
  /** Documents the success body in the OpenAPI document. */
  response?: Schema;
  successStatus?: number;
}

export type RestRoute<PS = Schema | undefined, QS = Schema | undefined, BS = Schema | undefined> = RouteBase<
  PS,
  QS,
  BS
> &
  (
    | { access: "public"; handler: (call: RestCall<Out<PS>, Out<QS>, Out<BS>>) => Promise<unknown> }
    | {
        access: "tenant";
        /** Roles allowed to call; a forbidden call answers 403 before anything runs. */
        roles: UserRole[];
        handler: (call: TenantCall<Out<PS>, Out<QS>, Out<BS>>) => Promise<unknown>;
      }
    | { access: "signed-in"; handler: (call: RestCall<Out<PS>, Out<QS>, Out<BS>>) => Promise<unknown> }
    /** System administrators only (tenant management across tenants). */
    | { access: "system"; handler: (call: RestCall<Out<PS>, Out<QS>, Out<BS>> & { actor: Actor }) => Promise<unknown> }
  );

/** Keeps the handler's input types tied to the route's schemas. */
export function defineRoute<
  PS extends Schema | undefined = undefined,
  QS extends Schema | undefined = undefined,
  BS extends Schema | undefined = undefined,
>(route: RestRoute<PS, QS, BS>): RestRoute<PS, QS, BS> {
  return route;
}

// The route table holds routes of many input types; the handler only needs the common shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRestRoute = RestRoute<any, any, any>;

/** A response a handler wants to shape itself (a status other than the route's default). */
export class RestReply {
  constructor(
    public readonly status: number,
    public readonly body: unknown,
    public readonly headers: Record<string, string> = {},
  ) {}
}
