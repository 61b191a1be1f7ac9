// @industryos/device-bus: the web API, workers and ingest reach a device on whichever ingest
// node holds its connection through Redis; this package owns those messages and cache keys. The
// other direction too: committed messages (ingest's device uplinks, the API's REST telemetry)
// reach the rule-engine streams and live-update channels through one publisher.
export {
  pushSharedAttributes,
  answerClientRpc,
  sendServerRpc,
  callServerRpc,
  awaitRpcAnswer,
  type ServerRpc,
  type RpcAnswerWait,
} from "./downlink.ts";
export {
  invalidateDeviceCredentials,
  invalidateCredential,
  credentialCacheKey,
  deviceAuthFailuresKey,
  deviceCacheIndexKey,
} from "./credentials-cache.ts";
export {
  RuleEngineOutbox,
  type OutboxEntry,
  type OutboxLogger,
  type OutboxLag,
  type RuleEngineOutboxOptions,
  type StreamKeeping,
} from "./rule-engine-outbox.ts";
export { createUplinkPublisher, type UplinkPublisher, type LivePublishOutcome } from "./uplink-publisher.ts";
export { watchedLiveChannels } from "./watched-live-channels.ts";
export { countDailyMessages, messagesToday, dailyMessagesKey } from "./daily-messages.ts";
export {
  recordDeviceClaim,
  takeDeviceClaim,
  deviceClaimKey,
  DEFAULT_CLAIM_DURATION_MS,
  type DeviceClaim,
} from "./device-claims.ts";
export {
  callLwm2mOperation,
  readLwm2mRegistration,
  lwm2mRegistrationKey,
  lwm2mRequestChannel,
  lwm2mResponseChannel,
  Lwm2mNotRegisteredError,
  LWM2M_OPERATIONS,
  type Lwm2mRegistration,
  type Lwm2mObjectLink,
  type Lwm2mOperationName,
  type Lwm2mOperationRequest,
  type Lwm2mOperationResult,
} from "./lwm2m.ts";
