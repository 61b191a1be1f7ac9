import { z } from "zod";
import { attributeValues, writableScope } from "../attributes/schemas.ts";
import { pagingInput, uuid } from "../shared/paging.ts";

/** At most this many rows or devices per job: a bigger fleet is several jobs. */
export const MAX_BULK_ITEMS = 10_000;

/** What a CSV column becomes. Attribute targets take `key` (default: the column's header). */
export const columnTarget = z.enum([
  "name",
  "type",
  "label",
  "profile",
  "customer",
  "credentialsType",
  "credentialsValue",
  "mqttClientId",
  "mqttUsername",
  "mqttPassword",
  "sharedAttribute",
  "serverAttribute",
  "ignore",
]);
export type ColumnTarget = z.infer<typeof columnTarget>;

export const columnMapping = z.object({
  column: z.string().min(1).max(255),
  target: columnTarget,
  key: z.string().trim().min(1).max(255).optional(),
});
export type ColumnMapping = z.infer<typeof columnMapping>;

export const deviceImportInput = z.object({
  csv: z.string().min(1, "The file is empty"),
  /** Default: the headers' own names (name, type, label, profile, customer, shared:KEY, server:KEY, ...). */
  mapping: z.array(columnMapping).max(200).optional(),
  /** Default: a comma, or a semicolon when the header line has more of them. */
  delimiter: z.enum([",", ";", "\t", "|"]).optional(),
  /** Rows naming an existing device update it; otherwise they are errors. */
  updateExisting: z.boolean().default(false),
  /** Keep the job's pace below this (devices a second); default as fast as the database goes. */
  maxPerSecond: z.number().int().min(1).max(10_000).optional(),
});

/** Which devices a bulk action applies to: ids, or every device matching a filter when the job is created. */
export const deviceSelection = z.union([
  z.object({ deviceIds: z.array(uuid).min(1, "Select at least one device").max(MAX_BULK_ITEMS) }),
  z.object({
    filter: z.object({
      profileId: uuid.optional(),
      customerId: uuid.optional(),
      type: z.string().max(255).optional(),
      search: z.string().trim().max(255).optional(),
    }),
  }),
]);
export type DeviceSelection = z.infer<typeof deviceSelection>;

const selectionJob = z.object({
  selection: deviceSelection,
  /** Start at once instead of waiting for `POST /bulk-jobs/{id}/start`. */
  start: z.boolean().default(false),
  maxPerSecond: z.number().int().min(1).max(10_000).optional(),
});

export const bulkAttributesInput = selectionJob.extend({ scope: writableScope, values: attributeValues });
export const bulkRpcInput = selectionJob.extend({
  method: z.string().trim().min(1).max(255),
  params: z.unknown().default({}),
  /** How long each device's request waits for its device to connect (persistent one-way RPC). */
  timeoutMs: z
    .number()
    .int()
    .min(1_000)
    .max(7 * 24 * 3_600_000)
    .default(3_600_000),
});
/** `confirm` must repeat the number of devices the selection resolves to, so a wide filter is never deleted by accident. */
export const bulkDeleteInput = selectionJob.extend({ confirm: z.number().int().min(1).optional() });

export const listBulkJobsInput = pagingInput.extend({
  type: z.enum(["DEVICE_IMPORT", "ATTRIBUTE_UPDATE", "RPC", "DELETE"]).optional(),
});
export const listBulkJobItemsInput = pagingInput.extend({
  status: z.enum(["PENDING", "SUCCEEDED", "FAILED", "SKIPPED"]).optional(),
});

export const rowIssue = z.object({ column: z.string().nullable(), message: z.string() });
export type RowIssue = z.infer<typeof rowIssue>;

export const bulkJobReport = z.object({
  rows: z.number(),
  create: z.number(),
  update: z.number(),
  invalid: z.number(),
  columns: z.array(z.object({ column: z.string(), target: columnTarget, key: z.string().optional() })),
  ignoredColumns: z.array(z.string()),
  /** The first rows with errors (all of them through the items list). */
  errors: z.array(z.object({ row: z.number(), name: z.string().nullable(), issues: z.array(rowIssue) })),
});
export type BulkJobReport = z.infer<typeof bulkJobReport>;

export const bulkJobView = z.object({
  id: z.string(),
  type: z.enum(["DEVICE_IMPORT", "ATTRIBUTE_UPDATE", "RPC", "DELETE"]),
  status: z.enum(["VALIDATED", "RUNNING", "COMPLETED", "FAILED", "CANCELLED"]),
  total: z.number(),
  processed: z.number(),
  succeeded: z.number(),
  failed: z.number(),
  /** Items refused by validation: never run. */
  invalid: z.number(),
  /** processed / runnable items, 0–100. */
  progress: z.number(),
  report: bulkJobReport.partial(),
  summary: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type BulkJobView = z.infer<typeof bulkJobView>;

export const bulkJobItemView = z.object({
  index: z.number(),
  key: z.string(),
  /** create / update for an import row; the device's name otherwise. */
  action: z.string().nullable(),
  status: z.enum(["PENDING", "SUCCEEDED", "FAILED", "SKIPPED"]),
  error: z.string().nullable(),
  issues: z.array(rowIssue),
  resultId: z.string().nullable(),
});

export { attributeValues };
