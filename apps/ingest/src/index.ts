// @industryos/ingest: the device connectivity tier. Downlink calls other processes make live in
// @industryos/device-bus.
export { startIngest, type IngestOptions, type RunningIngest } from "./ingest.ts";
export { startIngestFromConfig } from "./app.ts";
export { claimKey } from "./core/claims.ts";
