import { z } from "zod";
import { defineNode } from "../node.ts";
import { ALARM_SEVERITIES } from "../services.ts";

const alarmType = z.string().trim().min(1, "Name the alarm type").max(255);

/** Creates the originator's alarm of this type, or updates the active one (one per originator and type). */
export const createAlarm = defineNode({
  type: "action.createAlarm",
  category: "action",
  title: "Create alarm",
  description:
    "Raises an alarm of this type on the message's originator; a repeat updates its severity and details. The message's data becomes the details.",
  config: z.object({ alarmType, severity: z.enum(ALARM_SEVERITIES) }),
  relations: ["Created", "Updated"],
  run: async (message, config, { services }) => {
    const result = await services.alarms.createOrUpdate(message.tenantId, message.originator, {
      type: config.alarmType,
      severity: config.severity,
      details: message.data,
      ts: message.ts,
    });
    const metadata = { ...message.metadata, alarmId: result.alarmId, alarmType: config.alarmType };
    return [{ relation: result.change === "created" ? "Created" : "Updated", message: { ...message, metadata } }];
  },
});

export const clearAlarm = defineNode({
  type: "action.clearAlarm",
  category: "action",
  title: "Clear alarm",
  description: "Clears the originator's active alarm of this type; False when there is none.",
  config: z.object({ alarmType }),
  relations: ["Cleared", "False"],
  run: async (message, config, { services }) => {
    const result = await services.alarms.clear(
      message.tenantId,
      message.originator,
      config.alarmType,
      message.data,
      message.ts,
    );
    if (!result) return [{ relation: "False", message }];
    return [
      { relation: "Cleared", message: { ...message, metadata: { ...message.metadata, alarmId: result.alarmId } } },
    ];
  },
});
