import { crudOperations } from "../../operations/crud.ts";
import { defineOperation } from "../../operations/operation.ts";
import { TENANT_ADMIN } from "../../operations/roles.ts";
import { idParams, pageOf } from "../shared/paging.ts";
import { createReportSchedule } from "./create-report-schedule.ts";
import { deleteReportSchedule } from "./delete-report-schedule.ts";
import { getReportFile } from "./get-report-file.ts";
import { getReportSchedule } from "./get-report-schedule.ts";
import { listReportRuns } from "./list-report-runs.ts";
import { listReportSchedules } from "./list-report-schedules.ts";
import { runReportNow } from "./run-report-now.ts";
import {
  createReportScheduleInput,
  fileParams,
  listReportRunsInput,
  listReportSchedulesInput,
  reportRunView,
  updateReportScheduleInput,
} from "./schemas.ts";
import { updateReportSchedule } from "./update-report-schedule.ts";

const tag = "Reports";

/**
 * Scheduled reports: a dashboard's data as CSV, emailed daily or weekly at a time of day in a time zone. Each
 * schedule is a Temporal Schedule; runs are listed with their files, which can be downloaded again.
 */
export const reportOperations = {
  ...crudOperations({
    path: "/report-schedules",
    tag,
    noun: "report schedule",
    readRoles: TENANT_ADMIN,
    writeRoles: TENANT_ADMIN,
    listInput: listReportSchedulesInput,
    createInput: createReportScheduleInput,
    updateInput: updateReportScheduleInput,
    createExample: {
      name: "Daily plant report",
      dashboardId: "3f0c2a1e-8b7d-4c6e-9f5a-2d1b0e9c8a7f",
      frequency: "DAILY",
      timeOfDay: "07:00",
      timeZone: "Europe/Berlin",
      recipients: ["ops@example.com"],
    },
    updateExample: { timeOfDay: "06:30" },
    list: listReportSchedules,
    get: getReportSchedule,
    create: createReportSchedule,
    update: updateReportSchedule,
    remove: deleteReportSchedule,
  }),
  listRuns: defineOperation({
    method: "GET",
    path: "/report-schedules/{id}/runs",
    tag,
    summary: "List a report's runs, newest first",
    access: "tenant",
    roles: TENANT_ADMIN,
    params: idParams,
    query: listReportRunsInput,
    response: pageOf(reportRunView),
    handler: ({ ctx, params, query }) => listReportRuns(ctx, params.id, query),
  }),
  runNow: defineOperation({
    method: "POST",
    path: "/report-schedules/{id}/run",
    tag,
    summary: "Run a report now",
    description:
      "Builds the CSVs for the range ending now and emails them, whatever the schedule says. Answers 202 with the run (status RUNNING); follow it in the runs list.",
    access: "tenant",
    roles: TENANT_ADMIN,
    params: idParams,
    response: reportRunView,
    successStatus: 202,
    handler: ({ ctx, params }) => runReportNow(ctx, params.id),
  }),
  downloadFile: defineOperation({
    method: "GET",
    path: "/report-schedules/{id}/runs/{runId}/files/{fileName}",
    tag,
    summary: "Download one CSV of a run",
    access: "tenant",
    roles: TENANT_ADMIN,
    params: fileParams,
    handler: ({ ctx, params }) => getReportFile(ctx, params.id, params.runId, params.fileName),
  }),
};
