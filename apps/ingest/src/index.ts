// @industryos/ingest: the device connectivity tier, plus the downlink calls other processes use.
export { startIngest, type IngestOptions, type RunningIngest } from "./ingest.ts";
export { startIngestFromConfig } from "./app.ts";
export { invalidateDeviceCredentials, invalidateCredential } from "./core/credentials-cache.ts";
export { pushSharedAttributes, answerClientRpc, sendServerRpc, callServerRpc, type ServerRpc } from "./platform/downlink.ts";
export { claimKey } from "./core/claims.ts";
