import type { TenantContext } from "../../../context.ts";
import type { BulkJobReport, RowIssue } from "../schemas.ts";
import type { ResolvedColumn } from "./column-mapping.ts";
import {
  cellsOf,
  checkPlainCells,
  columnOf,
  credentialsOfRow,
  type ImportRowData,
  type RowCells,
} from "./import-row.ts";

/** One row as validation leaves it: runnable (PENDING) with its data, or SKIPPED with its issues. */
export interface ValidatedRow {
  index: number;
  key: string;
  status: "PENDING" | "SKIPPED";
  data: ImportRowData | { name: string | null; issues: RowIssue[] };
  error: string | null;
}

/** The report lists this many rows with errors; the items list has all of them. */
const REPORT_ERRORS = 100;
const CHUNK = 1_000;

async function inChunks<T>(values: string[], load: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < values.length; i += CHUNK) out.push(...(await load(values.slice(i, i + CHUNK))));
  return out;
}

/** What the rows refer to by name, read once for the whole file (the tenant's rows only: row-level security). */
async function lookups(ctx: TenantContext, cells: RowCells[]) {
  const names = [...new Set(cells.map((c) => c.name).filter((n): n is string => Boolean(n)))];
  const [profiles, customers, devices] = await Promise.all([
    ctx.db.deviceProfile.findMany({ select: { id: true, name: true, isDefault: true } }),
    ctx.db.customer.findMany({ select: { id: true, title: true } }),
    inChunks(names, (chunk) =>
      ctx.db.device.findMany({ where: { name: { in: chunk } }, select: { id: true, name: true } }),
    ),
  ]);
  return {
    profileByName: new Map(profiles.map((p) => [p.name, p.id])),
    defaultProfileId: profiles.find((p) => p.isDefault)?.id,
    customerByTitle: new Map(customers.map((c) => [c.title, c.id])),
    deviceByName: new Map(devices.map((d) => [d.name, d.id])),
  };
}

/**
 * Checks every row and says what it would do, writing nothing: each row is created or (with `updateExisting`)
 * updates the device of its name, or is refused with issues naming the column to fix. Profiles and customers are
 * matched by name and title; names and chosen credentials must be unique within the file and the tenant. A
 * credential taken in another tenant cannot be seen here: that row fails when it runs, in words that do not say
 * where the credential is used.
 */
export async function validateImport(
  ctx: TenantContext,
  columns: ResolvedColumn[],
  rows: string[][],
  updateExisting: boolean,
): Promise<{ rows: ValidatedRow[]; report: BulkJobReport }> {
  const cells = rows.map((row) => cellsOf(row, columns));
  const { profileByName, defaultProfileId, customerByTitle, deviceByName } = await lookups(ctx, cells);
  const firstRowOfName = new Map<string, number>();
  const firstRowOfCredential = new Map<string, number>();
  const drafts = cells.map((c, i) => {
    const issues: RowIssue[] = [];
    checkPlainCells(c, columns, issues);
    const credentials = credentialsOfRow(c, columns, ctx.deps.credentialPolicy, issues);
    const index = i + 1;
    if (c.name) {
      const earlier = firstRowOfName.get(c.name);
      if (earlier) issues.push({ column: columnOf(columns, "name"), message: `Row ${earlier} has the same name` });
      else firstRowOfName.set(c.name, index);
    }
    if (credentials?.credentialsId) {
      const earlier = firstRowOfCredential.get(credentials.credentialsId);
      const column = columnOf(columns, credentials.type === "MQTT_BASIC" ? "mqttUsername" : "credentialsValue");
      if (earlier) issues.push({ column, message: `Row ${earlier} has the same credentials` });
      else firstRowOfCredential.set(credentials.credentialsId, index);
    }
    const profileId = c.profile ? profileByName.get(c.profile) : undefined;
    if (c.profile && !profileId)
      issues.push({ column: columnOf(columns, "profile"), message: `No device profile is named "${c.profile}"` });
    const customerId = c.customer ? customerByTitle.get(c.customer) : undefined;
    if (c.customer && !customerId)
      issues.push({ column: columnOf(columns, "customer"), message: `No customer is titled "${c.customer}"` });
    const existing = c.name ? deviceByName.get(c.name) : undefined;
    if (existing && !updateExisting)
      issues.push({
        column: columnOf(columns, "name"),
        message: "A device with this name exists (choose to update existing devices to change it)",
      });
    if (!existing && !profileId && !defaultProfileId)
      issues.push({
        column: columnOf(columns, "profile"),
        message: "Name a device profile: the tenant has no default",
      });
    return { index, cells: c, issues, credentials, profileId, customerId, existing };
  });

  // A chosen credential another device of this tenant holds (one being re-credentialed by its own row is fine).
  const chosen = drafts.flatMap((d) => (d.credentials?.credentialsId ? [d.credentials.credentialsId] : []));
  const taken = await inChunks(chosen, (chunk) =>
    ctx.db.deviceCredential.findMany({
      where: { credentialsId: { in: chunk } },
      select: { credentialsId: true, deviceId: true, device: { select: { name: true } } },
    }),
  );
  const holder = new Map(taken.map((t) => [t.credentialsId, t]));
  for (const d of drafts) {
    const other = d.credentials?.credentialsId ? holder.get(d.credentials.credentialsId) : undefined;
    if (other && other.deviceId !== d.existing)
      d.issues.push({
        column: columnOf(columns, "credentialsValue"),
        message: `The device "${other.device.name}" uses these credentials`,
      });
  }

  const validated: ValidatedRow[] = drafts.map((d) => {
    const name = d.cells.name ?? null;
    if (d.issues.length > 0)
      return {
        index: d.index,
        key: name ?? `row ${d.index}`,
        status: "SKIPPED",
        data: { name, issues: d.issues },
        error: d.issues.map((i) => (i.column ? `${i.column}: ${i.message}` : i.message)).join("; "),
      };
    const data: ImportRowData = {
      action: d.existing ? "update" : "create",
      name: name!,
      ...(d.existing ? { deviceId: d.existing } : {}),
      ...(d.cells.type ? { type: d.cells.type } : {}),
      ...(d.cells.label ? { label: d.cells.label } : {}),
      ...(d.profileId || !d.existing ? { profileId: d.profileId ?? defaultProfileId } : {}),
      ...(d.customerId ? { customerId: d.customerId } : {}),
      ...(d.credentials ? { credentials: d.credentials } : {}),
      attributes: d.cells.attributes,
    };
    return { index: d.index, key: name!, status: "PENDING", data, error: null };
  });
  const invalid = validated.filter((r) => r.status === "SKIPPED");
  const report: BulkJobReport = {
    rows: validated.length,
    create: validated.filter((r) => r.status === "PENDING" && (r.data as ImportRowData).action === "create").length,
    update: validated.filter((r) => r.status === "PENDING" && (r.data as ImportRowData).action === "update").length,
    invalid: invalid.length,
    columns: columns
      .filter((c) => c.target !== "ignore")
      .map((c) => ({ column: c.column, target: c.target, ...(c.key ? { key: c.key } : {}) })),
    ignoredColumns: columns.filter((c) => c.target === "ignore").map((c) => c.column),
    errors: invalid.slice(0, REPORT_ERRORS).map((r) => {
      const data = r.data as { name: string | null; issues: RowIssue[] };
      return { row: r.index, name: data.name, issues: data.issues };
    }),
  };
  return { rows: validated, report };
}
