import type { TelemetryReader } from "../../src/data/readers.ts";

// TEMPORARY until @industryos/db/telemetry lands: no stored telemetry (snapshots are empty).
export const emptyTelemetry: TelemetryReader = {
  latest: async () => ({}),
  history: async () => ({}),
};
