import type { z } from "zod";
import { callLwm2mOperation, Lwm2mNotRegisteredError, type Lwm2mOperationName } from "@industryos/device-bus";
import type { TenantContext } from "../../context.ts";
import { ApiError, type ErrorCode } from "../../errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { findVisibleDevice } from "../devices/get-device.ts";
import { subscriberFor } from "../rpc/rpc.ts";
import type { lwm2mOperationInput } from "./schemas.ts";

/** The API error for each CoAP code a client (or ingest) answers an operation with. */
const ERRORS: Record<string, ErrorCode> = {
  "4.00": "BAD_REQUEST",
  "4.01": "FORBIDDEN",
  "4.03": "FORBIDDEN",
  "4.04": "NOT_FOUND",
  "4.05": "METHOD_NOT_ALLOWED",
  "4.06": "BAD_REQUEST",
  "4.15": "BAD_REQUEST",
  BAD_REQUEST: "VALIDATION_FAILED",
  TIMEOUT: "TIMEOUT",
};

/**
 * Runs one LwM2M operation on the device's client through the ingest node holding its
 * registration, and answers what the client answered (decoded), or the client's refusal in
 * words: 404 for a path it does not have, 405 for an operation it does not allow there, 504
 * when it did not answer, 409 when the device is not registered.
 */
export async function runLwm2mOperation(
  ctx: TenantContext,
  deviceId: string,
  operation: Lwm2mOperationName,
  input: z.infer<typeof lwm2mOperationInput>,
) {
  const device = await findVisibleDevice(ctx, deviceId);
  if (operation === "write" || operation === "execute")
    await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
      actionType: "LWM2M_OPERATION",
      entityType: "DEVICE",
      entityId: deviceId,
      entityName: device.name,
      actionData: { lwm2m: operation, path: input.path },
    });
  let result;
  try {
    result = await callLwm2mOperation(ctx.deps.redis, subscriberFor(ctx.deps.redis), deviceId, {
      operation,
      path: input.path,
      value: input.value,
      timeoutMs: input.timeoutMs,
    });
  } catch (error) {
    if (error instanceof Lwm2mNotRegisteredError)
      throw new ApiError("CONFLICT", "The device is not registered over LwM2M: nothing can reach it now");
    throw error;
  }
  if (!result.ok) throw new ApiError(ERRORS[result.code] ?? "INTERNAL", result.message, { coapCode: result.code });
  const { ok: _ok, ...answer } = result;
  return { path: input.path, ...answer };
}
