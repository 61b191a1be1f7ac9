import { z } from "zod";

/** The checklist's steps, in the order a new workspace does them. */
export const GETTING_STARTED_STEPS = ["addDevice", "sendData", "buildDashboard", "inviteCustomer"] as const;
export type GettingStartedStep = (typeof GETTING_STARTED_STEPS)[number];

/**
 * What `Tenant.settings.gettingStarted` remembers: the steps once seen done (a device deleted later
 * does not undo "add a device") and whether an administrator dismissed the checklist.
 */
export const gettingStartedSettings = z.object({
  dismissed: z.boolean().default(false),
  done: z.array(z.enum(GETTING_STARTED_STEPS)).default([]),
});

/** Unreadable or missing settings read as a fresh checklist rather than failing the home page. */
export function gettingStartedOf(settings: unknown) {
  const stored = (settings as { gettingStarted?: unknown } | null)?.gettingStarted;
  const parsed = gettingStartedSettings.safeParse(stored ?? {});
  return parsed.success ? parsed.data : gettingStartedSettings.parse({});
}

export const updateGettingStartedInput = z.object({ dismissed: z.boolean() });

export const gettingStartedView = z.object({
  dismissed: z.boolean(),
  steps: z.object({
    addDevice: z.boolean(),
    sendData: z.boolean(),
    buildDashboard: z.boolean(),
    inviteCustomer: z.boolean(),
  }),
  /** The newest device: where "send data" leads, and whose first message the page waits for. */
  latestDevice: z.object({ id: z.string(), name: z.string(), lastActivityAt: z.string().nullable() }).nullable(),
  counts: z.object({
    devices: z.number(),
    online: z.number(),
    offline: z.number(),
    reportedToday: z.number(),
    /** Messages committed since 00:00 UTC (device uplinks and REST telemetry); null while Redis cannot say. */
    messagesToday: z.number().nullable(),
    activeAlarms: z.number(),
    dashboards: z.number(),
  }),
});
