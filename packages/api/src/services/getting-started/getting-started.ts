import { messagesToday } from "@industryos/device-bus";
import { INACTIVITY_TIMEOUT_MS } from "@industryos/device-protocol";
import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import {
  GETTING_STARTED_STEPS,
  gettingStartedOf,
  type GettingStartedStep,
  type updateGettingStartedInput,
} from "./schemas.ts";

/** Writes `settings.gettingStarted` in one statement, so settings written meanwhile (limits, retention) are kept. */
async function saveGettingStarted(ctx: TenantContext, value: { dismissed: boolean; done: GettingStartedStep[] }) {
  await ctx.db
    .$executeRaw`UPDATE "Tenant" SET settings = jsonb_set(settings, '{gettingStarted}', ${JSON.stringify(value)}::jsonb) WHERE id = ${ctx.tenantId}::uuid`;
}

function startOfUtcDay(now: Date) {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/**
 * The home page's checklist and counts (messages today: since 00:00 UTC, as "reported today"). A step is done when the workspace shows it (a device, one
 * that has reported, a dashboard, a customer user) or when it was once seen done: newly done steps
 * are remembered in the tenant's settings.
 */
export async function getGettingStarted(ctx: TenantContext) {
  const now = new Date();
  const activeSince = new Date(now.getTime() - INACTIVITY_TIMEOUT_MS);
  const [
    tenant,
    devices,
    online,
    reportedToday,
    reported,
    dashboards,
    customerUsers,
    activeAlarms,
    latestDevice,
    messages,
  ] = await Promise.all([
    ctx.db.tenant.findUniqueOrThrow({ where: { id: ctx.tenantId }, select: { settings: true } }),
    ctx.db.device.count(),
    ctx.db.device.count({ where: { lastActivityAt: { gte: activeSince } } }),
    ctx.db.device.count({ where: { lastActivityAt: { gte: startOfUtcDay(now) } } }),
    ctx.db.device.count({ where: { lastActivityAt: { not: null } } }),
    ctx.db.dashboard.count(),
    ctx.db.user.count({ where: { role: "CUSTOMER_USER" } }),
    ctx.db.alarm.count({ where: { cleared: false } }),
    ctx.db.device.findFirst({
      orderBy: { createdAt: "desc" },
      select: { id: true, name: true, lastActivityAt: true },
    }),
    // Counted by the uplink publisher as messages commit (one Redis read, no telemetry scan); a
    // home page still shows while Redis is away, without this count.
    messagesToday(ctx.deps.redis, ctx.tenantId, now).catch(() => null),
  ]);
  const remembered = gettingStartedOf(tenant.settings);
  const seen: Record<GettingStartedStep, boolean> = {
    addDevice: devices > 0,
    sendData: reported > 0,
    buildDashboard: dashboards > 0,
    inviteCustomer: customerUsers > 0,
  };
  const done = GETTING_STARTED_STEPS.filter((step) => seen[step] || remembered.done.includes(step));
  if (done.length > remembered.done.length) await saveGettingStarted(ctx, { ...remembered, done });
  return {
    dismissed: remembered.dismissed,
    steps: Object.fromEntries(GETTING_STARTED_STEPS.map((s) => [s, done.includes(s)])) as Record<
      GettingStartedStep,
      boolean
    >,
    latestDevice: latestDevice && {
      ...latestDevice,
      lastActivityAt: latestDevice.lastActivityAt?.toISOString() ?? null,
    },
    counts: {
      devices,
      online,
      offline: devices - online,
      reportedToday,
      messagesToday: messages,
      activeAlarms,
      dashboards,
    },
  };
}

/** Dismisses the checklist (or brings it back); the steps done stay remembered. */
export async function updateGettingStarted(ctx: TenantContext, input: z.infer<typeof updateGettingStartedInput>) {
  const tenant = await ctx.db.tenant.findUniqueOrThrow({ where: { id: ctx.tenantId }, select: { settings: true } });
  await saveGettingStarted(ctx, { ...gettingStartedOf(tenant.settings), dismissed: input.dismissed });
  return getGettingStarted(ctx);
}
