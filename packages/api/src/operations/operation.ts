import type { UserRole } from "@industryos/db";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import type { Authentication } from "../auth/authenticate.ts";
import type { TenantContext } from "../context.ts";
import type { ApiDeps } from "../deps.ts";
import type { ClientInfo } from "../services/auth/login.ts";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * Who may call an operation: anyone; any signed-in principal; a principal inside a tenant with
 * one of the operation's roles; or a system administrator.
 */
export type Access = "public" | "signed-in" | "tenant" | "system";

/** What an API key may do: read-only keys call `read` operations only. */
export type Scope = "read" | "write";

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What every handler receives, whichever transport (REST or tRPC) called it. */
export interface OperationCall<P, Q, B> {
  deps: ApiDeps;
  params: P;
  query: Q;
  body: B;
  client: ClientInfo;
  /** Null only on public operations. */
  auth: Authentication | null;
  /** Adds a Set-Cookie header to the response (REST and tRPC alike). */
  setCookie(cookie: string): void;
  /** The streamed file of an `upload` operation (REST multipart only); absent when none was sent. */
  file?: UploadedFile;
}

/** A file part of a multipart request, read as it arrives: consume it once, or the request waits. */
export interface UploadedFile {
  fileName: string;
  contentType: string;
  stream: AsyncIterable<Uint8Array>;
}

export interface SignedInCall<P, Q, B> extends OperationCall<P, Q, B> {
  auth: Authentication;
  actor: Actor;
}

/** A tenant operation always has an actor inside a tenant, and a context scoped to that tenant. */
export interface TenantCall<P, Q, B> extends SignedInCall<P, Q, B> {
  tenantId: string;
  ctx: TenantContext;
}

export type CallFor<A extends Access, P, Q, B> = A extends "tenant"
  ? TenantCall<P, Q, B>
  : A extends "public"
    ? OperationCall<P, Q, B>
    : SignedInCall<P, Q, B>;

/**
 * Bytes instead of JSON (a download), streamed by REST with the headers given. tRPC cannot carry
 * them: there the operation answers 400 and names its REST path.
 */
export class BinaryReply {
  constructor(
    public readonly body: AsyncIterable<Uint8Array>,
    public readonly headers: Record<string, string>,
  ) {}
}

/** Another way to send an operation's body over REST (a CSV upload, a multipart form). */
export interface BodyFormat {
  /** Reads the request (at most the REST adapter's body limit) into the value the body schema validates. */
  decode(request: Request): Promise<unknown>;
  /** The OpenAPI schema of this media type's request body. */
  schema: Record<string, unknown>;
}

/** A response whose status differs from the operation's default (202 for a one-way RPC, say). */
export class Reply<T = unknown> {
  constructor(
    public readonly status: number,
    public readonly body: T,
    public readonly headers: Record<string, string> = {},
  ) {}
}

interface OperationFields<
  A extends Access,
  M extends HttpMethod,
  PS extends Schema | undefined,
  QS extends Schema | undefined,
  BS extends Schema | undefined,
  R,
> {
  method: M;
  /** OpenAPI-style path below /api/v1, e.g. `/devices/{id}`. */
  path: string;
  /** The OpenAPI tag (a section of the reference). */
  tag: string;
  summary: string;
  description?: string;
  access: A;
  /**
   * Defaults to `read` for GET and `write` for everything else; a GET that reveals secrets (a
   * device's credentials) is `write`, so read-only API keys cannot act as the device.
   */
  scope?: Scope;
  /**
   * The body comes as `multipart/form-data`: its text fields are validated by `body`, and the file
   * part named here reaches the handler as `call.file`, streamed. Fields must come before the file.
   */
  upload?: { fileField: string };
  /**
   * An edge sync operation: only an edge's key and secret (`Authorization: Edge <key>:<secret>`) may call it,
   * and an edge may call nothing else.
   */
  edge?: boolean;
  /** Path parameters, query string and JSON body; each validated before the handler runs. */
  params?: PS;
  query?: QS;
  body?: BS;
  /**
   * A valid request body, shown in the OpenAPI document. The generated cross-tenant suite sends
   * it, so that validation passes and the answer shows whether the other tenant's row is hidden.
   */
  example?: BS extends z.ZodType ? z.input<BS> : never;
  /** Documents the success body in the OpenAPI document. */
  response?: Schema;
  successStatus?: number;
  /**
   * Request formats REST accepts besides JSON, by media type (`text/csv`, `multipart/form-data`): each turns the
   * request into the value the `body` schema then validates, and is documented in OpenAPI beside the JSON form.
   * tRPC always sends JSON.
   */
  bodyFormats?: Record<string, BodyFormat>;
  // A method signature (bivariant in its argument) so that every operation fits AnyOperation.
  handler(call: CallFor<A, Out<PS>, Out<QS>, Out<BS>>): Promise<R>;
}

/** Roles allowed to call a tenant operation; any other role gets 403 before anything runs. */
type RolesOf<A extends Access> = A extends "tenant" ? { roles: readonly UserRole[] } : { roles?: undefined };

export type OperationSpec<
  A extends Access,
  M extends HttpMethod,
  PS extends Schema | undefined,
  QS extends Schema | undefined,
  BS extends Schema | undefined,
  R,
> = OperationFields<A, M, PS, QS, BS, R> & RolesOf<A>;

export type Operation<
  A extends Access = Access,
  M extends HttpMethod = HttpMethod,
  PS extends Schema | undefined = Schema | undefined,
  QS extends Schema | undefined = Schema | undefined,
  BS extends Schema | undefined = Schema | undefined,
  R = unknown,
> = OperationSpec<A, M, PS, QS, BS, R> & {
  scope: Scope;
  /** `query` for reads, `mutation` for the rest: the tRPC procedure type. */
  kind: KindOf<M>;
};

export type KindOf<M extends HttpMethod> = M extends "GET" ? "query" : "mutation";

/** Defines an operation once; the REST router, the OpenAPI document and tRPC derive from it. */
export function defineOperation<
  A extends Access,
  M extends HttpMethod,
  PS extends Schema | undefined = undefined,
  QS extends Schema | undefined = undefined,
  BS extends Schema | undefined = undefined,
  R = unknown,
>(spec: OperationSpec<A, M, PS, QS, BS, R>): Operation<A, M, PS, QS, BS, R> {
  const read = spec.method === "GET";
  return {
    ...spec,
    scope: spec.scope ?? (read ? "read" : "write"),
    kind: (read ? "query" : "mutation") as KindOf<M>,
  };
}

// The registry holds operations of many input types; the adapters only need the common shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyOperation = Operation<Access, HttpMethod, any, any, any, any>;

/** Operations of one resource, keyed by the name tRPC exposes them under (`devices.list`). */
export type OperationGroup = Record<string, AnyOperation>;
