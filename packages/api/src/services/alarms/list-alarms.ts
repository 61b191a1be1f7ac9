import type { Prisma } from "@industryos/db";
import type { z } from "zod";
import { customerFilter } from "../../auth/authorize.ts";
import type { TenantContext } from "../../context.ts";
import { skipTake, type Page } from "../shared/paging.ts";
import { statusWhere, toAlarmViews } from "./alarm-view.ts";
import type { AlarmView, listAlarmsInput } from "./schemas.ts";

/** How many entities a name search matches at most (per entity type). */
const SEARCH_MATCHES = 500;

/** Ids of the devices, assets and customers whose name contains `search`. */
async function entitiesNamed(ctx: TenantContext, search: string): Promise<string[]> {
  const contains = { contains: search, mode: "insensitive" as const };
  const [devices, assets, customers] = await Promise.all([
    ctx.db.device.findMany({ where: { name: contains }, select: { id: true }, take: SEARCH_MATCHES }),
    ctx.db.asset.findMany({ where: { name: contains }, select: { id: true }, take: SEARCH_MATCHES }),
    ctx.db.customer.findMany({ where: { title: contains }, select: { id: true }, take: SEARCH_MATCHES }),
  ]);
  return [...devices, ...assets, ...customers].map((e) => e.id);
}

/** The `where` of an originator filter: the alarms raised on these entities or propagated to them. */
export function originatorWhere(ids: readonly string[]): Prisma.AlarmWhereInput {
  return { OR: [{ originatorId: { in: [...ids] } }, { propagations: { some: { entityId: { in: [...ids] } } } }] };
}

/**
 * One page of the tenant's alarms (a customer user's: its customer's), newest first unless
 * sorted otherwise. Each filter narrows; a list filter matches any of its values.
 */
export async function listAlarms(ctx: TenantContext, input: z.infer<typeof listAlarmsInput>): Promise<Page<AlarmView>> {
  const and: Prisma.AlarmWhereInput[] = [];
  if (input.status?.length) and.push({ OR: statusWhere(input.status) });
  if (input.severity?.length) and.push({ severity: { in: input.severity } });
  if (input.type?.length) and.push({ type: { in: input.type } });
  if (input.originatorId?.length) and.push(originatorWhere(input.originatorId));
  if (input.assigneeId) and.push({ assigneeId: input.assigneeId });
  if (input.from !== undefined) and.push({ startTs: { gte: new Date(input.from) } });
  if (input.to !== undefined) and.push({ startTs: { lte: new Date(input.to) } });
  if (input.search) {
    const named = await entitiesNamed(ctx, input.search);
    and.push({
      OR: [
        { type: { contains: input.search, mode: "insensitive" } },
        ...(named.length ? [{ originatorId: { in: named } }] : []),
      ],
    });
  }
  const where: Prisma.AlarmWhereInput = { ...customerFilter(ctx.actor), AND: and };
  const [rows, total] = await Promise.all([
    ctx.db.alarm.findMany({
      where,
      orderBy: [{ [input.sortBy]: input.sortOrder }, { startTs: "desc" }, { id: "asc" }],
      ...skipTake(input),
    }),
    ctx.db.alarm.count({ where }),
  ]);
  return { data: await toAlarmViews(ctx, rows), total, page: input.page, pageSize: input.pageSize };
}
