import type { TelemetryReader, TelemetryWriter } from "@industryos/db/telemetry";
import { ApiError } from "../../errors.ts";

const unavailable = () =>
  Promise.reject(new ApiError("SERVICE_UNAVAILABLE", "Telemetry storage is not configured on this server"));

/** Stands in until a telemetry store is wired: telemetry routes answer 503 with a clear reason. */
export const unavailableTelemetry: TelemetryReader & TelemetryWriter = {
  latest: unavailable,
  history: unavailable,
  keys: unavailable,
  write: unavailable,
  deleteRange: unavailable,
};
