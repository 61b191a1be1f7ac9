import { createOutboundClient, type OutboundPolicy } from "@industryos/outbound-http";
import type { JSONWebKeySet } from "jose";
import type { FetchJwks } from "./remote-jwks.ts";

/** A JWKS is a few keys; anything larger is not one. */
const MAX_JWKS_BYTES = 256 * 1024;
const FETCH_TIMEOUT_MS = 5_000;

/**
 * GETs a JWKS document through the shared outbound guard: the URL is a tenant's choice, so it may
 * not reach link-local (cloud metadata) or, unless allowed, private addresses; no redirects.
 */
export function guardedJwksFetch(policy: OutboundPolicy): FetchJwks {
  const client = createOutboundClient({
    ...policy,
    timeoutMs: FETCH_TIMEOUT_MS,
    maxResponseBytes: MAX_JWKS_BYTES,
    keepAlive: true,
  });
  return async (uri) => {
    const response = await client.send({ url: uri, method: "GET", headers: { accept: "application/json" } });
    if (response.status !== 200) throw new Error(`JWKS ${uri} answered ${response.status}`);
    if (response.truncated) throw new Error(`JWKS ${uri} is larger than ${MAX_JWKS_BYTES} bytes`);
    const jwks = JSON.parse(response.body) as Partial<JSONWebKeySet>;
    if (!Array.isArray(jwks.keys)) throw new Error(`JWKS ${uri} has no keys array`);
    return jwks as JSONWebKeySet;
  };
}
