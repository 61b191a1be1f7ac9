export { DeviceProtocolError, invalidPayload, type DeviceProtocolErrorCode } from "./errors.ts";
export { decodeJsonPayload, isPlainObject, wholeDoubleKeys, MAX_JSON_DEPTH, type DecodeOptions } from "./json.ts";
export {
  toKvValue,
  toKeyValues,
  fromKvValue,
  checkKey,
  MAX_KEY_LENGTH,
  type KvValue,
  type KeyValue,
} from "./values.ts";
export { parseTelemetry, type TelemetryPoint } from "./telemetry.ts";
export {
  parseAttributes,
  parseAttributeRequest,
  formatAttributeResponse,
  formatSharedAttributeUpdate,
  type AttributeScope,
  type AttributeKeysRequest,
  type AttributeValues,
} from "./attributes.ts";
export {
  DEVICE_TOPICS,
  SHORT_DEVICE_TOPICS,
  GATEWAY_TOPICS,
  classifyPublishTopic,
  isAllowedSubscription,
  topicMatches,
  type DevicePublish,
} from "./topics.ts";
export {
  FIRMWARE_SUBSCRIPTIONS,
  firmwareErrorTopic,
  firmwareResponseTopic,
  otaTopicPrefix,
  parseChunkSize,
  parseFirmwareRequestTopic,
  type FirmwareChunkRequest,
  type OtaKind,
} from "./firmware.ts";
export { parseRpcRequest, rpcRequestSchema, type RpcRequestBody, type RpcStatus } from "./rpc.ts";
export {
  parseGatewayConnect,
  parseGatewayDisconnect,
  parseGatewayTelemetry,
  parseGatewayAttributes,
  parseGatewayAttributeRequest,
  parseGatewayRpcReply,
  parseGatewayClaim,
  parseClaim,
  parseProvisionRequest,
  type ClaimRequest,
  type ProvisionRequest,
} from "./gateway.ts";
export {
  RULE_ENGINE_PARTITIONS,
  RULE_ENGINE_GROUP,
  ruleEngineStream,
  ruleEngineDeadLetters,
  ruleChainDebugEvents,
  RULE_CHAINS_CHANGED_CHANNEL,
  DEVICE_PROFILES_CHANGED_CHANNEL,
  NOTIFICATION_RULES_CHANGED_CHANNEL,
  partitionOf,
  liveDeviceChannel,
  alarmsChannel,
  LIVE_WATCH_VERSION_KEY,
  LIVE_CHANNEL_PATTERN,
  announceLiveWatchChange,
  deviceDownlinkChannel,
  rpcResponseChannel,
  CREDENTIALS_CHANGED_CHANNEL,
} from "./channels.ts";
export {
  ruleEngineEntry,
  uplinkRuleEngineEntry,
  ruleEngineEntries,
  readRuleEngineEntry,
  type MessageValue,
  type RuleEngineStreamEntry,
} from "./rule-engine-entry.ts";
export {
  deadLetterFields,
  readDeadLetter,
  partitionOfMessage,
  debugEventFields,
  readDebugEvent,
  type DeadLetter,
  type DebugEvent,
} from "./rule-engine-records.ts";
export { toLiveMessage } from "./live-message.ts";
export {
  originatorIdOf,
  type DeviceUplink,
  type DeviceDownlink,
  type UplinkData,
  type EntityTelemetry,
  type NonDeviceEntityType,
  type CommittedMessage,
  type PlatformEvent,
  type RuleResume,
  type RuleEngineMessage,
} from "./messages.ts";
export { INACTIVITY_TIMEOUT_MS } from "./activity.ts";
export {
  PAYLOAD_TYPES,
  PROTO_PAYLOADS,
  payloadTransportConfig,
  protoMessageField,
  protoSchemaField,
  readPayloadTransportConfig,
  type PayloadTransportConfig,
  type PayloadType,
  type ProtoPayload,
} from "./transport-payload.ts";
export { lwm2mProfileConfig, type Lwm2mProfileConfig } from "./lwm2m-profile.ts";
