import { telemetryReaderFrom, type TelemetryStore } from "@industryos/db/telemetry";
import type { ChartTelemetryReader } from "./readers.ts";

/** The WebSocket server's reader over the telemetry store (history oldest first, newest `limit` kept). */
export function createStoreTelemetryReader(store: TelemetryStore): ChartTelemetryReader {
  const reader = telemetryReaderFrom(store);
  return {
    latest: (tenantId, deviceId, keys) => reader.latest(tenantId, deviceId, keys),
    async history(tenantId, deviceId, query) {
      // With more points than the limit, a chart wants the newest ones: read newest first, then flip.
      const rows = await reader.history(tenantId, deviceId, { ...query, order: "desc" });
      return Object.fromEntries(Object.entries(rows).map(([key, points]) => [key, points.sort((a, b) => a.ts - b.ts)]));
    },
  };
}
