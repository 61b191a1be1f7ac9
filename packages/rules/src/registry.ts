import type { RuleNodeType } from "./node.ts";
import { clearAlarm, createAlarm } from "./nodes/action-alarms.ts";
import { delay } from "./nodes/action-delay.ts";
import { notify } from "./nodes/action-notify.ts";
import { generator } from "./nodes/action-generator.ts";
import { logMessage } from "./nodes/action-log.ts";
import { createRelation, deleteRelation } from "./nodes/action-relations.ts";
import { rpcReply } from "./nodes/action-rpc-reply.ts";
import { rpcToDevice } from "./nodes/action-rpc-to-device.ts";
import { saveAttributes } from "./nodes/action-save-attributes.ts";
import { saveTimeseries } from "./nodes/action-save-timeseries.ts";
import { customerAttributes } from "./nodes/enrich-customer-attributes.ts";
import { delta } from "./nodes/enrich-delta.ts";
import { originatorAttributes } from "./nodes/enrich-originator-attributes.ts";
import { originatorFields } from "./nodes/enrich-originator-fields.ts";
import { relatedEntityData } from "./nodes/enrich-related-entity-data.ts";
import { tenantAttributes } from "./nodes/enrich-tenant-attributes.ts";
import { sendEmail } from "./nodes/external-email.ts";
import { mqttPublish } from "./nodes/external-mqtt.ts";
import { sendSlack } from "./nodes/external-slack.ts";
import { sendSms } from "./nodes/external-sms.ts";
import { webhook } from "./nodes/external-webhook.ts";
import { alarmStatusFilter } from "./nodes/filter-alarm-status.ts";
import { checkFields } from "./nodes/filter-check-fields.ts";
import { checkRelation } from "./nodes/filter-check-relation.ts";
import { deviceProfileSwitch } from "./nodes/filter-device-profile.ts";
import { geofence } from "./nodes/filter-geofence.ts";
import { chainCall } from "./nodes/flow-chain.ts";
import { messageTypeFilter } from "./nodes/filter-message-type.ts";
import { scriptFilter } from "./nodes/filter-script.ts";
import { thresholdFilter } from "./nodes/filter-threshold.ts";
import { changeOriginator } from "./nodes/transform-change-originator.ts";
import { copyKeys } from "./nodes/transform-copy-keys.ts";
import { deduplicate } from "./nodes/transform-deduplicate.ts";
import { deleteKeys } from "./nodes/transform-delete-keys.ts";
import { renameKeys } from "./nodes/transform-rename-keys.ts";
import { scriptTransform } from "./nodes/transform-script.ts";
import { splitArray } from "./nodes/transform-split-array.ts";

/** Every node type a chain may use, by its fixed name (in palette order within each category). */
export const NODE_TYPES: ReadonlyMap<string, RuleNodeType> = new Map(
  [
    messageTypeFilter,
    scriptFilter,
    thresholdFilter,
    checkFields,
    checkRelation,
    deviceProfileSwitch,
    alarmStatusFilter,
    geofence,
    originatorAttributes,
    originatorFields,
    customerAttributes,
    tenantAttributes,
    relatedEntityData,
    delta,
    scriptTransform,
    renameKeys,
    copyKeys,
    deleteKeys,
    changeOriginator,
    splitArray,
    deduplicate,
    createAlarm,
    clearAlarm,
    rpcReply,
    rpcToDevice,
    saveTimeseries,
    saveAttributes,
    createRelation,
    deleteRelation,
    logMessage,
    delay,
    generator,
    notify,
    webhook,
    mqttPublish,
    sendEmail,
    sendSms,
    sendSlack,
    chainCall,
  ].map((node) => [node.type, node as unknown as RuleNodeType]),
);
