import { createHash } from "node:crypto";
import type { z } from "zod";
import { generateAccessToken, hashSecret, jwtCredentialsId, mqttBasicCredentialsId } from "@industryos/db";
import type { TenantContext } from "../../context.ts";
import { ApiError, conflict } from "../../errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { findVisibleDevice } from "../devices/get-device.ts";
import { getDeviceCredentials } from "./get-credentials.ts";
import {
  credentialCacheKey,
  deviceAuthFailuresKey,
  invalidateCredential,
  invalidateDeviceCredentials,
} from "@industryos/device-bus";
import { CREDENTIAL_CONFLICTS_PER_TENANT, createRateLimiter } from "../../auth/rate-limit.ts";
import { isUniqueViolation } from "../../rest/error-response.ts";
import { assertStrongSecret } from "./credential-strength.ts";
import type { credentialsInput } from "./schemas.ts";

/** SHA-256 of the certificate's DER bytes, lower-case hex: what ingest compares on TLS connect. */
export function certificateThumbprint(pem: string): string {
  const match = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(pem);
  if (!match?.[1])
    throw new ApiError("VALIDATION_FAILED", "Paste a PEM certificate", [
      { path: ["certificatePem"], message: "Not a PEM certificate" },
    ]);
  const der = Buffer.from(match[1].replace(/\s+/g, ""), "base64");
  if (der.length < 100)
    throw new ApiError("VALIDATION_FAILED", "The certificate is too short to be real", [
      { path: ["certificatePem"], message: "Invalid certificate" },
    ]);
  return createHash("sha256").update(der).digest("hex");
}

/**
 * Credentials are unique across tenants, so "already taken" tells the caller that a guess hit
 * another tenant's device. A chosen token must be strong, and such conflicts (tokens, MQTT client
 * ids and user names) are limited per tenant and counted as failed device logins of the caller's
 * address. (MQTT passwords are hashed, not unique: their guessing is the device login's limit.)
 */
async function guardChosenCredentials(ctx: TenantContext, input: z.infer<typeof credentialsInput>) {
  if (input.type === "ACCESS_TOKEN" && input.accessToken)
    assertStrongSecret(input.accessToken, "accessToken", ctx.deps.credentialPolicy);
  const chosen =
    input.type === "MQTT_BASIC" ||
    input.type === "LWM2M" ||
    (input.type === "ACCESS_TOKEN" && input.accessToken !== undefined);
  if (chosen) await conflictLimiter(ctx).check(conflictBucket(ctx), CREDENTIAL_CONFLICTS_PER_TENANT);
}

const conflictLimiter = (ctx: TenantContext) => createRateLimiter(ctx.deps.redis, ctx.deps.redisPrefix);
const conflictBucket = (ctx: TenantContext) => `credential-conflicts:${ctx.tenantId}`;

async function countConflict(ctx: TenantContext, clientAddress: string | undefined) {
  await conflictLimiter(ctx).hit(conflictBucket(ctx), CREDENTIAL_CONFLICTS_PER_TENANT);
  if (clientAddress) {
    const key = deviceAuthFailuresKey(clientAddress);
    await ctx.deps.redis.multi().incr(key).expire(key, 60, "NX").exec();
  }
}

/** Replaces the device's credentials; the old ones stop working immediately (ingest cache dropped). */
export async function replaceDeviceCredentials(
  ctx: TenantContext,
  deviceId: string,
  input: z.infer<typeof credentialsInput>,
  client: { ipAddress?: string } = {},
) {
  const device = await findVisibleDevice(ctx, deviceId);
  await guardChosenCredentials(ctx, input);
  let data: {
    type: typeof input.type;
    credentialsId: string;
    mqttClientId?: string | null;
    mqttUsername?: string | null;
    mqttPasswordHash?: string | null;
    certificatePem?: string | null;
  };
  switch (input.type) {
    case "ACCESS_TOKEN":
      data = { type: input.type, credentialsId: input.accessToken ?? generateAccessToken() };
      break;
    case "MQTT_BASIC":
      data = {
        type: input.type,
        credentialsId: mqttBasicCredentialsId(input.clientId, input.username),
        mqttClientId: input.clientId ?? null,
        mqttUsername: input.username ?? null,
        mqttPasswordHash: await hashSecret(input.password),
      };
      break;
    case "LWM2M":
      data = { type: input.type, credentialsId: input.endpoint };
      break;
    case "X509_CERTIFICATE":
      data = {
        type: input.type,
        credentialsId: certificateThumbprint(input.certificatePem),
        certificatePem: input.certificatePem.trim(),
      };
      break;
    case "JWT":
      data = { type: input.type, credentialsId: jwtCredentialsId(ctx.tenantId, input.subject) };
      break;
  }
  try {
    await ctx.db.$transaction(async (tx) => {
      await tx.deviceCredential.deleteMany({ where: { deviceId } });
      await tx.deviceCredential.create({ data: { tenantId: ctx.tenantId, deviceId, ...data } });
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    await countConflict(ctx, client.ipAddress);
    throw conflict("These credentials cannot be used; choose others");
  }
  // Ingest caches credentials: the old ones must stop working now, and a new token that was
  // tried before it existed must not stay cached as unknown.
  await invalidateDeviceCredentials(ctx.deps.redis, deviceId);
  if (data.type === "ACCESS_TOKEN" || data.type === "X509_CERTIFICATE")
    await invalidateCredential(ctx.deps.redis, data.type, data.credentialsId);
  if (data.type === "JWT") await ctx.deps.redis.del(credentialCacheKey(data.type, data.credentialsId));
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "CREDENTIALS_UPDATED",
    entityType: "DEVICE",
    entityId: deviceId,
    entityName: device.name,
    actionData: { type: input.type },
  });
  return getDeviceCredentials(ctx, deviceId);
}
