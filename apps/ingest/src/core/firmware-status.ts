import type { OtaKind, TelemetryPoint } from "@industryos/device-protocol";
import type { DeviceSession } from "./session.ts";

/** What a device reported about one package type in one message (ThingsBoard's telemetry keys). */
export interface FirmwareStatusReport {
  type: OtaKind;
  state?: string;
  currentTitle?: string;
  currentVersion?: string;
  error?: string;
}

/** Where the reports are kept (`DeviceOtaStatus`, written by app.ts's PostgreSQL store). */
export interface FirmwareStatusStore {
  record(session: DeviceSession, reports: FirmwareStatusReport[]): Promise<void>;
}

const FIELDS: Record<string, [OtaKind, keyof Omit<FirmwareStatusReport, "type">]> = {
  fw_state: ["FIRMWARE", "state"],
  current_fw_title: ["FIRMWARE", "currentTitle"],
  current_fw_version: ["FIRMWARE", "currentVersion"],
  fw_error: ["FIRMWARE", "error"],
  sw_state: ["SOFTWARE", "state"],
  current_sw_title: ["SOFTWARE", "currentTitle"],
  current_sw_version: ["SOFTWARE", "currentVersion"],
  sw_error: ["SOFTWARE", "error"],
};

/**
 * The OTA keys of a telemetry message, latest value per key, or null when it has none (nearly
 * every message: one property lookup per point).
 */
export function firmwareStatusReports(points: readonly TelemetryPoint[]): FirmwareStatusReport[] | null {
  let reports: Map<OtaKind, FirmwareStatusReport & { ts: Record<string, number> }> | null = null;
  for (const point of points) {
    const field = FIELDS[point.key];
    if (!field) continue;
    reports ??= new Map();
    const [type, name] = field;
    let report = reports.get(type);
    if (!report) reports.set(type, (report = { type, ts: {} }));
    if ((report.ts[name] ?? -Infinity) > point.ts) continue;
    report.ts[name] = point.ts;
    report[name] = String(point.value.value).slice(0, 255);
  }
  if (!reports) return null;
  return [...reports.values()].map(({ ts: _ts, ...report }) => report);
}
