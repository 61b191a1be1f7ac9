import type pg from "pg";
import type { JSONWebKeySet } from "jose";
import type { JwtIssuerRecord, JwtIssuerSource } from "../core/jwt/jwt-verifier.ts";

const FIND_ISSUERS = `SELECT id, "tenantId", issuer, audience, "jwksUri", keys, "deviceClaim", "clockSkewSeconds"
  FROM "JwtIssuer" WHERE issuer = $1 ORDER BY "createdAt" LIMIT 100`;

/** Issuers by `iss` on the privileged connection: which tenant a token belongs to is what this finds out. */
export class PgJwtIssuerSource implements JwtIssuerSource {
  constructor(private readonly systemPool: pg.Pool) {}

  async findIssuers(issuer: string): Promise<JwtIssuerRecord[]> {
    const { rows } = await this.systemPool.query<JwtIssuerRecord & { keys: JSONWebKeySet | null }>({
      name: "ingest-find-jwt-issuers",
      text: FIND_ISSUERS,
      values: [issuer],
    });
    return rows;
  }
}
