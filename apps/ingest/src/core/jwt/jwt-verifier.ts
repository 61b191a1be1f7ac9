import { createLocalJWKSet, jwtVerify, type JSONWebKeySet, type JWTVerifyGetKey } from "jose";
import type { Logger } from "@industryos/runtime";
import { BoundedExpiringMap } from "../bounded-expiring-map.ts";
import { JwksUnavailableError, RemoteJwks, type FetchJwks } from "./remote-jwks.ts";
import { unverifiedIssuer } from "./jwt-shape.ts";

/** A tenant's registered issuer (JwtIssuer), as ingest reads it. */
export interface JwtIssuerRecord {
  id: string;
  tenantId: string;
  issuer: string;
  audience: string | null;
  jwksUri: string | null;
  keys: JSONWebKeySet | null;
  deviceClaim: string;
  clockSkewSeconds: number;
}

export interface JwtIssuerSource {
  /** Every tenant's issuer whose `issuer` is exactly this (system query: the tenant is not known yet). */
  findIssuers(issuer: string): Promise<JwtIssuerRecord[]>;
}

/** A token that verified against one tenant's issuer: the device claim's value and when the token ends. */
export interface VerifiedJwt {
  tenantId: string;
  subject: string;
  /** exp plus the issuer's clock skew, in ms: the token is refused after this. */
  expiresAt: number;
}

export interface JwtVerifierOptions {
  issuers: JwtIssuerSource;
  fetchJwks: FetchJwks;
  logger: Logger;
  /** How long an `iss` → issuers answer is kept (new and deleted issuers take this long to count). */
  issuerCacheMs?: number;
  /** Least time between two fetches of one JWKS (refresh on unknown kid). */
  jwksCooldownMs?: number;
  /** JWKS fetched again when older than this. */
  jwksMaxAgeMs?: number;
}

const ALGORITHMS = ["RS256", "ES256", "EdDSA", "Ed25519"];
const MAX_ISSUERS_CACHED = 10_000;

/**
 * Verifies device JWTs against the tenants' registered issuers: the unverified `iss` picks the
 * candidates (one per tenant that trusts it), then signature, `iss`, `aud`, `exp` and `nbf` (with
 * the issuer's skew) are checked with each candidate's keys, static or fetched (RemoteJwks).
 */
export class JwtVerifier {
  private readonly issuers: BoundedExpiringMap<Promise<JwtIssuerRecord[]>>;
  private readonly keySets: BoundedExpiringMap<JWTVerifyGetKey>;

  constructor(private readonly options: JwtVerifierOptions) {
    this.issuers = new BoundedExpiringMap(MAX_ISSUERS_CACHED);
    this.keySets = new BoundedExpiringMap(MAX_ISSUERS_CACHED);
  }

  /**
   * Every tenant for which the token is valid (usually one); none when it is not a valid token of a
   * known issuer. Throws JwksUnavailableError when no candidate verified it and one's keys could not be had.
   */
  async verify(token: string): Promise<VerifiedJwt[]> {
    const iss = unverifiedIssuer(token);
    if (iss === null) return [];
    const verified: VerifiedJwt[] = [];
    let unavailable: JwksUnavailableError | null = null;
    for (const issuer of await this.issuersOf(iss)) {
      try {
        const result = await this.verifyWith(issuer, token);
        if (result) verified.push(result);
      } catch (error) {
        if (!(error instanceof JwksUnavailableError)) throw error;
        unavailable = error;
      }
    }
    if (verified.length === 0 && unavailable) throw unavailable;
    return verified;
  }

  private async verifyWith(issuer: JwtIssuerRecord, token: string): Promise<VerifiedJwt | null> {
    try {
      const { payload } = await jwtVerify(token, this.keySetOf(issuer), {
        issuer: issuer.issuer,
        audience: issuer.audience ?? undefined,
        clockTolerance: issuer.clockSkewSeconds,
        algorithms: ALGORITHMS,
        // A token without exp would open connections for ever.
        requiredClaims: ["exp"],
      });
      const claim = payload[issuer.deviceClaim];
      if (typeof claim !== "string" && typeof claim !== "number") return null;
      const subject = String(claim);
      if (subject.length === 0) return null;
      return { tenantId: issuer.tenantId, subject, expiresAt: (payload.exp! + issuer.clockSkewSeconds) * 1000 };
    } catch (error) {
      if (error instanceof JwksUnavailableError) throw error;
      this.options.logger.debug({ err: error, issuer: issuer.issuer }, "device JWT refused");
      return null;
    }
  }

  /** Cached, failures included (a flood of tokens naming unknown issuers costs one query each per period). */
  private issuersOf(iss: string): Promise<JwtIssuerRecord[]> {
    const cached = this.issuers.get(iss);
    if (cached) return cached;
    const loading = this.options.issuers.findIssuers(iss);
    this.issuers.set(iss, loading, this.options.issuerCacheMs ?? 10_000);
    loading.catch(() => this.issuers.set(iss, Promise.resolve([]), 0));
    return loading;
  }

  private keySetOf(issuer: JwtIssuerRecord): JWTVerifyGetKey {
    const key = `${issuer.id}|${issuer.jwksUri ?? ""}`;
    let keySet = this.keySets.get(key);
    if (!keySet) {
      keySet = issuer.jwksUri
        ? withStaticFallback(
            new RemoteJwks(issuer.jwksUri, this.options.fetchJwks, {
              cooldownMs: this.options.jwksCooldownMs ?? 30_000,
              maxAgeMs: this.options.jwksMaxAgeMs ?? 600_000,
              onFetchError: (uri, error) => this.options.logger.warn({ err: error, uri }, "JWKS fetch failed"),
            }).getKey,
            issuer.keys,
          )
        : createLocalJWKSet(issuer.keys ?? { keys: [] });
      this.keySets.set(key, keySet, 24 * 3_600_000);
    }
    return keySet;
  }
}

/** Static keys registered beside a JWKS URL are tried first; the URL's keys otherwise. */
function withStaticFallback(remote: JWTVerifyGetKey, keys: JSONWebKeySet | null): JWTVerifyGetKey {
  if (!keys || keys.keys.length === 0) return remote;
  const local = createLocalJWKSet(keys);
  return async (header, token) => {
    try {
      return await local(header, token);
    } catch {
      return remote(header, token);
    }
  };
}
