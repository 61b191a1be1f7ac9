import type { ReportFileEntry } from "@industryos/temporal-client/workflows/reports";
import { stringify } from "csv-stringify/sync";
import type { ReportTable } from "./report-tables.ts";

/**
 * RFC 4180 CSV (quoted where needed, CRLF line ends) with a header row. Booleans stay "true"/"false" rather
 * than csv-stringify's default "1"/"", and a missing value is an empty field.
 */
export function toCsvFile(table: ReportTable): ReportFileEntry {
  const content = stringify([table.header, ...table.rows], {
    record_delimiter: "windows",
    cast: { boolean: (value) => String(value) },
  });
  return { name: table.name, rows: table.rows.length, bytes: Buffer.byteLength(content), content };
}
