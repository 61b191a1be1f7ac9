import { z } from "zod";
import { PermanentError } from "../errors.ts";
import { defineNode } from "../node.ts";
import { isRecord } from "./shared.ts";

export const ALARM_STATUSES = ["ACTIVE_UNACK", "ACTIVE_ACK", "CLEARED_UNACK", "CLEARED_ACK"] as const;

export const alarmStatusFilter = defineNode({
  type: "filter.alarmStatus",
  category: "filter",
  title: "Alarm status",
  description:
    "For alarm events (ALARM, ALARM_ACK, ALARM_CLEAR, ...): True when the alarm's status (data.status) is one of the listed statuses. Any other message is a Failure.",
  config: z.object({
    statuses: z
      .array(z.enum(ALARM_STATUSES))
      .min(1, "Pick at least one status")
      .default(["ACTIVE_UNACK", "ACTIVE_ACK"]),
  }),
  relations: ["True", "False"],
  run: async (message, config) => {
    const status = isRecord(message.data) ? message.data.status : undefined;
    const text = typeof status === "string" ? status : message.metadata.alarmStatus;
    if (!String(message.type).startsWith("ALARM") || !text)
      throw new PermanentError(`Alarm status needs an alarm event, not ${message.type}`);
    return [{ relation: (config.statuses as readonly string[]).includes(text) ? "True" : "False", message }];
  },
});
