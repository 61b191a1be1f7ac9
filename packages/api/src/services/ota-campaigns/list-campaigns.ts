import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { skipTake } from "../shared/paging.ts";
import type { listCampaignsInput } from "./schemas.ts";

/** One page of campaigns, newest first, with their totals (the progress of each is one GET away). */
export async function listCampaigns(ctx: TenantContext, input: z.infer<typeof listCampaignsInput>) {
  const where = input.status ? { status: input.status } : {};
  const [rows, total] = await Promise.all([
    ctx.db.otaCampaign.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "asc" }], ...skipTake(input) }),
    ctx.db.otaCampaign.count({ where }),
  ]);
  const counts = await ctx.db.otaCampaignDevice.groupBy({
    by: ["campaignId", "state"],
    where: { campaignId: { in: rows.map((r) => r.id) } },
    _count: { _all: true },
  });
  const data = rows.map((r) => {
    const mine = counts.filter((c) => c.campaignId === r.id);
    const devices = mine.reduce((sum, c) => sum + c._count._all, 0);
    const finished = mine
      .filter((c) => ["SUCCEEDED", "FAILED", "TIMED_OUT"].includes(c.state))
      .reduce((sum, c) => sum + c._count._all, 0);
    const failed = mine
      .filter((c) => ["FAILED", "TIMED_OUT"].includes(c.state))
      .reduce((sum, c) => sum + c._count._all, 0);
    return {
      id: r.id,
      name: r.name,
      packageId: r.packageId,
      status: r.status,
      currentWave: r.currentWave,
      waves: r.waves,
      total: devices,
      failed,
      progress: devices === 0 ? 0 : Math.round((finished / devices) * 1000) / 10,
      createdAt: r.createdAt.toISOString(),
      finishedAt: r.finishedAt?.toISOString() ?? null,
    };
  });
  return { data, total, page: input.page, pageSize: input.pageSize };
}
