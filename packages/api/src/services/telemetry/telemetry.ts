import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { findVisibleDevice } from "../devices/get-device.ts";
import type { latestTelemetryInput, telemetryHistoryInput } from "./schemas.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

export async function latestTelemetry(
  ctx: TenantContext,
  deviceId: string,
  input: z.infer<typeof latestTelemetryInput>,
) {
  await findVisibleDevice(ctx, deviceId);
  return ctx.deps.telemetry.latest(ctx.tenantId, deviceId, input.keys?.length ? input.keys : undefined);
}

export async function telemetryHistory(
  ctx: TenantContext,
  deviceId: string,
  input: z.infer<typeof telemetryHistoryInput>,
) {
  await findVisibleDevice(ctx, deviceId);
  const to = input.to ?? Date.now();
  return ctx.deps.telemetry.history(ctx.tenantId, deviceId, {
    keys: input.keys,
    from: input.from ?? to - DAY_MS,
    to,
    agg: input.agg,
    intervalMs: input.interval,
    limit: input.limit,
    order: input.order,
  });
}

export async function telemetryKeys(ctx: TenantContext, deviceId: string) {
  await findVisibleDevice(ctx, deviceId);
  return ctx.deps.telemetry.keys(ctx.tenantId, deviceId);
}
