import { takeDeviceClaim } from "@industryos/device-bus";
import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { ApiError, forbidden } from "../../errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { deviceInclude, toDeviceView } from "../devices/device-view.ts";
import { assignmentEvents, emitEntityEvent } from "../telemetry/entity-events.ts";
import { assertMayTryClaim, countFailedClaim } from "./claim-limits.ts";
import type { claimDeviceInput } from "./schemas.ts";

/** One answer for every failure: it does not tell whether the name exists, the secret was wrong or the claim expired. */
const cannotClaim = () => new ApiError("NOT_FOUND", "No device can be claimed with this name and secret");

/**
 * `POST /customer/devices/{deviceName}/claim`: a customer user takes a device of the tenant that announced a claim
 * (its `claim` message: secret and window) and belongs to no customer yet; it becomes the user's customer's. The
 * claim is used up. Failed attempts count against the user and the address (429 past the limit).
 */
export async function claimDevice(
  ctx: TenantContext,
  deviceName: string,
  input: z.infer<typeof claimDeviceInput>,
  client: { ipAddress?: string },
) {
  const customerId = ctx.actor.customerId;
  if (!customerId) throw forbidden("Only customer users claim devices; assign it to a customer instead");
  await assertMayTryClaim(ctx, client.ipAddress);
  const device = await ctx.db.device.findFirst({ where: { name: deviceName }, include: deviceInclude });
  if (device?.customerId === customerId) return { status: "ALREADY_CLAIMED" as const, device: toDeviceView(device) };
  const taken =
    device !== null &&
    device.customerId === null &&
    (await takeDeviceClaim(ctx.deps.redis, ctx.tenantId, device.id, input.secretKey));
  if (!device || !taken) {
    await countFailedClaim(ctx, client.ipAddress);
    throw cannotClaim();
  }
  // Assigned only while still unassigned: a tenant admin's assignment meanwhile wins.
  const assigned = await ctx.db.device.updateMany({ where: { id: device.id, customerId: null }, data: { customerId } });
  if (assigned.count === 0) throw cannotClaim();
  const claimed = await ctx.db.device.findUniqueOrThrow({ where: { id: device.id }, include: deviceInclude });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "CLAIMED",
    entityType: "DEVICE",
    entityId: device.id,
    entityName: device.name,
    actionData: { customerId },
  });
  const view = toDeviceView(claimed);
  await emitEntityEvent(ctx, { type: "DEVICE", id: device.id }, view, assignmentEvents(null, customerId));
  return { status: "SUCCESS" as const, device: view };
}
