import { z } from "zod";
import { pageOf, pagingInput } from "../shared/paging.ts";

const httpUrl = (error: string) => z.url({ protocol: /^https?$/, error }).max(2048);

/** One JSON Web Key as published in a JWKS; its fields are checked by importing it (static-keys.ts). */
const jsonWebKey = z.looseObject({
  kty: z.string({ error: "Every key needs a kty" }),
  kid: z.string().max(200).optional(),
  alg: z.string().max(20).optional(),
});

export const jwksInput = z.object({
  keys: z.array(jsonWebKey).min(1, "Give at least one key").max(20, "At most 20 keys"),
});

export const createJwtIssuerInput = z
  .object({
    /** The `iss` claim tokens carry, e.g. the authorization server's URL. */
    issuer: httpUrl("The issuer must be an http or https URL (the tokens' iss claim)"),
    /** The `aud` claim tokens must carry; any audience when omitted. */
    audience: z.string().trim().min(1, "Leave the audience out or give one").max(500).optional(),
    /** Where the issuer publishes its signing keys; fetched by ingest and refreshed on an unknown kid. */
    jwksUri: httpUrl("The JWKS URL must be an http or https URL").optional(),
    /** A static JWKS (`{"keys": [...]}`), public keys only. */
    keys: jwksInput.optional(),
    /** The claim whose value names the device (its credential's subject). */
    deviceClaim: z
      .string()
      .trim()
      .min(1, "Name the claim that names the device")
      .max(100)
      .regex(/^[A-Za-z0-9_.:-]+$/, "Use letters, digits and _ . : - only")
      .default("sub"),
    /** Leeway for exp and nbf, for device clocks that drift. */
    clockSkewSeconds: z.number().int().min(0).max(3600, "At most an hour").default(60),
  })
  .refine((v) => v.jwksUri !== undefined || v.keys !== undefined, {
    message: "Give a JWKS URL or static keys",
    path: ["jwksUri"],
  });

export const listJwtIssuersInput = pagingInput;

export const jwtIssuerView = z.object({
  id: z.string(),
  issuer: z.string(),
  audience: z.string().nullable(),
  jwksUri: z.string().nullable(),
  keys: jwksInput.nullable(),
  deviceClaim: z.string(),
  clockSkewSeconds: z.number(),
  createdAt: z.string(),
});

export const jwtIssuerPage = pageOf(jwtIssuerView);
