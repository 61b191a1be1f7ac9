import { MAX_REPORT_BYTES, type ReportFileEntry } from "@industryos/temporal-client/workflows/reports";
import type { TelemetryReader } from "@industryos/db/telemetry";
import { toCsvFile } from "./report-csv.ts";
import type { ReportPlan } from "./report-store.ts";
import { tablesPerDevice, tablesPerWidget, type ReportInputs } from "./report-tables.ts";

export interface BuiltReport {
  files: ReportFileEntry[];
  skipped: string[];
}

/** The report is bigger than a mail and a run row should carry: the user has to ask for less. */
export class ReportTooLarge extends Error {}

/** The CSVs of one report over [to - rangeHours, to). */
export async function buildReport(
  plan: ReportPlan,
  to: number,
  readers: { tenantId: string; telemetry: TelemetryReader; devicesOf: ReportInputs["devicesOf"] },
): Promise<BuiltReport> {
  const inputs = { ...readers, from: to - plan.rangeHours * 3_600_000, to, timeZone: plan.timeZone };
  const { tables, skipped } =
    plan.layout === "PER_DEVICE"
      ? await tablesPerDevice(plan.dashboard, inputs)
      : await tablesPerWidget(plan.dashboard, inputs);
  const files = tables.map(toCsvFile);
  const bytes = files.reduce((sum, f) => sum + f.bytes, 0);
  if (bytes > MAX_REPORT_BYTES)
    throw new ReportTooLarge(
      `The report's CSVs total ${(bytes / 1024 / 1024).toFixed(1)} MB, more than the ${MAX_REPORT_BYTES / 1024 / 1024} MB a report may carry: shorten its range or report fewer widgets or devices`,
    );
  return { files, skipped };
}
