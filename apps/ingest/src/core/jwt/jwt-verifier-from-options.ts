import type { Logger } from "@industryos/runtime";
import { guardedJwksFetch } from "./fetch-jwks.ts";
import { JwtVerifier, type JwtIssuerSource } from "./jwt-verifier.ts";

/** The verifier ingest runs with: JWKS fetched through the outbound guard under the configured policy. */
export function jwtVerifier(
  options: { issuers: JwtIssuerSource; allowPrivateNetworks: boolean; jwksCooldownMs: number },
  logger: Logger,
): JwtVerifier {
  return new JwtVerifier({
    issuers: options.issuers,
    fetchJwks: guardedJwksFetch({ allowPrivateNetworks: options.allowPrivateNetworks }),
    jwksCooldownMs: options.jwksCooldownMs,
    logger,
  });
}
