import type { z } from "zod";
import type { Prisma } from "@industryos/db";
import type { TenantContext } from "../../context.ts";
import { conflict } from "../../errors.ts";
import { isUniqueViolation } from "../../rest/error-response.ts";
import { toView } from "./jwt-issuer-view.ts";
import { checkJwksUri } from "./jwks-uri.ts";
import type { createJwtIssuerInput } from "./schemas.ts";
import { assertPublicKeys } from "./static-keys.ts";

/** Registers an issuer whose tokens the tenant's devices may log in with. */
export async function createJwtIssuer(ctx: TenantContext, input: z.infer<typeof createJwtIssuerInput>) {
  if (input.keys) assertPublicKeys(input.keys);
  const jwksUri = input.jwksUri === undefined ? null : await checkJwksUri(ctx.deps, input.jwksUri);
  try {
    const row = await ctx.db.jwtIssuer.create({
      data: {
        tenantId: ctx.tenantId,
        issuer: input.issuer,
        audience: input.audience ?? null,
        jwksUri,
        keys: input.keys as Prisma.InputJsonValue | undefined,
        deviceClaim: input.deviceClaim,
        clockSkewSeconds: input.clockSkewSeconds,
      },
    });
    return toView(row);
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(`The issuer ${input.issuer} is already registered`);
    throw error;
  }
}
