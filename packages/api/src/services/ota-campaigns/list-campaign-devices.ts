import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { notFound } from "../../errors.ts";
import { skipTake } from "../shared/paging.ts";
import type { listCampaignDevicesInput } from "./schemas.ts";

/** One page of a campaign's devices by name, each with its wave, its state in the campaign and its last fw_state. */
export async function listCampaignDevices(
  ctx: TenantContext,
  id: string,
  input: z.infer<typeof listCampaignDevicesInput>,
) {
  const campaign = await ctx.db.otaCampaign.findUnique({ where: { id }, select: { id: true } });
  if (!campaign) throw notFound("OTA campaign");
  const where = { campaignId: id, ...(input.state ? { state: input.state } : {}) };
  const [rows, total] = await Promise.all([
    ctx.db.otaCampaignDevice.findMany({ where, orderBy: [{ wave: "asc" }, { deviceId: "asc" }], ...skipTake(input) }),
    ctx.db.otaCampaignDevice.count({ where }),
  ]);
  const devices = await ctx.db.device.findMany({
    where: { id: { in: rows.map((r) => r.deviceId) } },
    select: { id: true, name: true },
  });
  const nameOf = new Map(devices.map((d) => [d.id, d.name]));
  const data = rows.map((r) => ({
    deviceId: r.deviceId,
    // A device deleted since the campaign started keeps its row; its name is gone.
    deviceName: nameOf.get(r.deviceId) ?? null,
    wave: r.wave,
    state: r.state,
    lastFwState: r.lastFwState,
    error: r.error,
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
  }));
  return { data, total, page: input.page, pageSize: input.pageSize };
}
