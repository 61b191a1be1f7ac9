import type { z } from "zod";
import type { jwksInput } from "./schemas.ts";

interface JwtIssuerRow {
  id: string;
  issuer: string;
  audience: string | null;
  jwksUri: string | null;
  keys: unknown;
  deviceClaim: string;
  clockSkewSeconds: number;
  createdAt: Date;
}

export const toView = (row: JwtIssuerRow) => ({
  id: row.id,
  issuer: row.issuer,
  audience: row.audience,
  jwksUri: row.jwksUri,
  keys: (row.keys ?? null) as z.infer<typeof jwksInput> | null,
  deviceClaim: row.deviceClaim,
  clockSkewSeconds: row.clockSkewSeconds,
  createdAt: row.createdAt.toISOString(),
});
