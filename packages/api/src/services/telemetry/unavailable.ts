import { ApiError } from "../../errors.ts";
import type { TelemetryReader } from "@industryos/db/telemetry";

/** Stands in until a telemetry store is wired: telemetry routes answer 503 with a clear reason. */
export const unavailableTelemetry: TelemetryReader = {
  latest: () =>
    Promise.reject(new ApiError("SERVICE_UNAVAILABLE", "Telemetry storage is not configured on this server")),
  history: () =>
    Promise.reject(new ApiError("SERVICE_UNAVAILABLE", "Telemetry storage is not configured on this server")),
  keys: () => Promise.reject(new ApiError("SERVICE_UNAVAILABLE", "Telemetry storage is not configured on this server")),
};
