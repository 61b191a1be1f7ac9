// @industryos/device-bus: the web API, workers and ingest reach a device on whichever ingest
// node holds its connection through Redis; this package owns those messages and cache keys.
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
  deviceCacheIndexKey,
} from "./credentials-cache.ts";
