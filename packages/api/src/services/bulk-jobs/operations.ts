import { defineOperation } from "../../operations/operation.ts";
import { TENANT_ADMIN } from "../../operations/roles.ts";
import { idParams, pageOf } from "../shared/paging.ts";
import { cancelBulkJob } from "./cancel-bulk-job.ts";
import { createDeviceImportJob } from "./create-import-job.ts";
import { createSelectionJob } from "./create-selection-job.ts";
import { csvBodyFormats } from "./csv-body.ts";
import { getBulkJob, listBulkJobItems, listBulkJobs } from "./list-bulk-jobs.ts";
import {
  bulkAttributesInput,
  bulkDeleteInput,
  bulkJobItemView,
  bulkJobView,
  bulkRpcInput,
  deviceImportInput,
  listBulkJobItemsInput,
  listBulkJobsInput,
} from "./schemas.ts";
import { startBulkJob } from "./start-bulk-job.ts";

const tag = "Bulk jobs";
const created =
  "Creates a VALIDATED job and changes nothing yet: its `report` says what would happen (and `GET /bulk-jobs/{id}/items` row by row); `POST /bulk-jobs/{id}/start` runs it on the workers, or send `start: true`.";
const selection =
  "`selection` is `{deviceIds: [...]}` or `{filter: {profileId?, customerId?, type?, search?}}`, resolved to devices when the job is created (at most 10,000).";
const sample = "3f0c9a4e-8a7b-4d2e-9c1f-5b6a7d8e9f01";

// The literal paths (`/bulk-jobs/device-import`, ...) come before `/bulk-jobs/{id}`: the first match answers.
export const bulkJobOperations = {
  list: defineOperation({
    method: "GET",
    path: "/bulk-jobs",
    tag,
    summary: "List bulk jobs, newest first",
    access: "tenant",
    roles: TENANT_ADMIN,
    query: listBulkJobsInput,
    response: pageOf(bulkJobView),
    handler: ({ ctx, query }) => listBulkJobs(ctx, query),
  }),
  importDevices: defineOperation({
    method: "POST",
    path: "/bulk-jobs/device-import",
    tag,
    summary: "Check a CSV file of devices to import",
    description: `The CSV (first line the headers) as JSON \`{csv, mapping?, updateExisting?, delimiter?, maxPerSecond?}\`, as \`text/csv\`, or as a \`multipart/form-data\` form with the file in \`file\`. Columns map by header (name, type, label, profile, customer, credentialsType, credentialsValue, mqttClientId, mqttUsername, mqttPassword, \`shared:KEY\` and \`server:KEY\` for attributes) unless \`mapping\` says otherwise. Profiles and customers are named by name and title. Each row is created, updates the device of its name (\`updateExisting\`), or is refused with its issues. ${created}`,
    access: "tenant",
    roles: TENANT_ADMIN,
    body: deviceImportInput,
    bodyFormats: csvBodyFormats,
    example: {
      csv: "name,type,profile,shared:targetTemperature\nBoiler 1,boiler,default,21\nBoiler 2,boiler,default,22",
      updateExisting: false,
    },
    response: bulkJobView,
    successStatus: 201,
    handler: ({ ctx, body }) => createDeviceImportJob(ctx, body),
  }),
  updateAttributes: defineOperation({
    method: "POST",
    path: "/bulk-jobs/attributes",
    tag,
    summary: "Set SHARED or SERVER attributes on many devices",
    description: `${selection} Shared attributes are pushed to connected devices. ${created}`,
    access: "tenant",
    roles: TENANT_ADMIN,
    body: bulkAttributesInput,
    example: { selection: { deviceIds: [sample] }, scope: "SHARED", values: { targetTemperature: 21 } },
    response: bulkJobView,
    successStatus: 201,
    handler: ({ ctx, body }) => createSelectionJob(ctx, { type: "ATTRIBUTE_UPDATE", input: body }),
  }),
  sendRpc: defineOperation({
    method: "POST",
    path: "/bulk-jobs/rpc",
    tag,
    summary: "Send a one-way RPC to many devices",
    description: `${selection} Each device gets a persistent one-way request: now if it is connected, else when it connects within \`timeoutMs\`. ${created}`,
    access: "tenant",
    roles: TENANT_ADMIN,
    body: bulkRpcInput,
    example: { selection: { deviceIds: [sample] }, method: "reboot", params: {} },
    response: bulkJobView,
    successStatus: 201,
    handler: ({ ctx, body }) => createSelectionJob(ctx, { type: "RPC", input: body }),
  }),
  deleteDevices: defineOperation({
    method: "POST",
    path: "/bulk-jobs/delete",
    tag,
    summary: "Delete many devices",
    description: `${selection} More than one device needs \`confirm\` equal to the number the selection resolves to (the 422 says it). ${created}`,
    access: "tenant",
    roles: TENANT_ADMIN,
    body: bulkDeleteInput,
    example: { selection: { deviceIds: [sample] } },
    response: bulkJobView,
    successStatus: 201,
    handler: ({ ctx, body }) => createSelectionJob(ctx, { type: "DELETE", input: body }),
  }),
  get: defineOperation({
    method: "GET",
    path: "/bulk-jobs/{id}",
    tag,
    summary: "A bulk job with its progress and report",
    access: "tenant",
    roles: TENANT_ADMIN,
    params: idParams,
    response: bulkJobView,
    handler: ({ ctx, params }) => getBulkJob(ctx, params.id),
  }),
  items: defineOperation({
    method: "GET",
    path: "/bulk-jobs/{id}/items",
    tag,
    summary: "A bulk job's rows or devices, with their outcome or issues",
    access: "tenant",
    roles: TENANT_ADMIN,
    params: idParams,
    query: listBulkJobItemsInput,
    response: pageOf(bulkJobItemView),
    handler: ({ ctx, params, query }) => listBulkJobItems(ctx, params.id, query),
  }),
  start: defineOperation({
    method: "POST",
    path: "/bulk-jobs/{id}/start",
    tag,
    summary: "Start a validated bulk job",
    description:
      "Runs the job's runnable items on the workers (workflow `bulk-job:{id}`); 409 unless the job is VALIDATED, 503 when the workers' scheduler does not answer (the job stays VALIDATED). Resumes by itself after a worker restart, never applying an item twice.",
    access: "tenant",
    roles: TENANT_ADMIN,
    params: idParams,
    response: bulkJobView,
    handler: ({ ctx, params }) => startBulkJob(ctx, params.id),
  }),
  cancel: defineOperation({
    method: "POST",
    path: "/bulk-jobs/{id}/cancel",
    tag,
    summary: "Cancel a bulk job",
    description: "A validated job never runs; a running one stops within a few items. Items done stay done.",
    access: "tenant",
    roles: TENANT_ADMIN,
    params: idParams,
    response: bulkJobView,
    handler: ({ ctx, params }) => cancelBulkJob(ctx, params.id),
  }),
};
