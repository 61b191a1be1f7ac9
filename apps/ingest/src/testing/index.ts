export { testIngestConfig } from "./ingest-config.ts";
export { buildLeshanClient, startLeshanClient, type LeshanClient } from "./leshan-client.ts";
