import type { RuleNodeType } from "./node.ts";
import { clearAlarm, createAlarm } from "./nodes/action-alarms.ts";
import { logMessage } from "./nodes/action-log.ts";
import { rpcReply } from "./nodes/action-rpc-reply.ts";
import { saveTimeseries } from "./nodes/action-save-timeseries.ts";
import { webhook } from "./nodes/external-webhook.ts";
import { messageTypeFilter } from "./nodes/filter-message-type.ts";
import { scriptFilter } from "./nodes/filter-script.ts";
import { thresholdFilter } from "./nodes/filter-threshold.ts";
import { scriptTransform } from "./nodes/transform-script.ts";

/** Every node type a chain may use, by its fixed name. */
export const NODE_TYPES: ReadonlyMap<string, RuleNodeType> = new Map(
  [
    messageTypeFilter,
    scriptFilter,
    thresholdFilter,
    scriptTransform,
    createAlarm,
    clearAlarm,
    rpcReply,
    saveTimeseries,
    logMessage,
    webhook,
  ].map((node) => [node.type, node as unknown as RuleNodeType]),
);
