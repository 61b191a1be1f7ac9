import { z } from "zod";
import { PermanentError } from "../errors.ts";
import { defineNode } from "../node.ts";

/** Milliseconds per unit of the delay's period. */
export const DELAY_UNITS = { SECONDS: 1_000, MINUTES: 60_000, HOURS: 3_600_000, DAYS: 86_400_000 } as const;
/** Longest delay: a year (a longer wait is a schedule, not a delay). */
const MAX_DELAY_MS = 365 * DELAY_UNITS.DAYS;

export const delay = defineNode({
  type: "action.delay",
  category: "action",
  title: "Delay",
  description:
    "Holds each message for the period, then sends it on to Success. The wait is durable (a Temporal workflow per message and node): it survives restarts of every process, and a message delivered again is not held twice. The chain's run ends here; what follows Success runs when the period is over, in the originator's order with its newer messages. Past the most messages that may wait at once, a message goes to Failure.",
  config: z
    .object({
      period: z.number().int("Use a whole number").min(1, "At least 1").default(60),
      unit: z.enum(["SECONDS", "MINUTES", "HOURS", "DAYS"]).default("SECONDS"),
      maxPendingMessages: z.number().int("Use a whole number").min(1, "At least 1").max(100_000).default(1000),
    })
    .refine((c) => c.period * DELAY_UNITS[c.unit] <= MAX_DELAY_MS, {
      message: "At most 365 days",
      path: ["period"],
    }),
  relations: ["Success"],
  run: async (message, config, { services, chainId, nodeId }) => {
    if (!chainId || !nodeId) throw new PermanentError("A delay node holds messages only in a saved chain");
    const outcome = await services.delays.hold({
      tenantId: message.tenantId,
      chainId,
      nodeId,
      message,
      delayMs: config.period * DELAY_UNITS[config.unit],
      maxPending: config.maxPendingMessages,
    });
    if (outcome === "full")
      throw new PermanentError(`${config.maxPendingMessages} messages already wait in this delay node`);
    // Held (or held already, on a redelivery): the message goes on from here when the period is over.
    return [];
  },
});
