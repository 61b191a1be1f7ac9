import { CsvError } from "csv-parse";
import { parse } from "csv-parse/sync";
import { ApiError } from "../../../errors.ts";
import { MAX_BULK_ITEMS } from "../schemas.ts";

export interface CsvTable {
  headers: string[];
  /** Data rows (the header line excluded), each cell trimmed; a short row's missing cells are "". */
  rows: string[][];
}

/** Spreadsheets in many locales write `;`-separated "CSV": pick whichever the header line uses more. */
function guessDelimiter(csv: string): string {
  const firstLine = csv.slice(0, csv.search(/\r?\n|$/));
  const count = (c: string) => firstLine.split(c).length - 1;
  return count(";") > count(",") ? ";" : ",";
}

const invalid = (message: string) => new ApiError("VALIDATION_FAILED", message, [{ path: ["csv"], message }]);

/** Parses the upload with csv-parse (quotes, escaped quotes, multi-line cells, a BOM from Excel). */
export function parseCsv(csv: string, delimiter = guessDelimiter(csv)): CsvTable {
  let records: string[][];
  try {
    records = parse(csv, { delimiter, bom: true, trim: true, skip_empty_lines: true, relax_column_count: true });
  } catch (error) {
    if (error instanceof CsvError) throw invalid(`The file is not valid CSV: ${error.message}`);
    throw error;
  }
  const [headers, ...rows] = records;
  if (!headers || headers.every((h) => h === "")) throw invalid("The file has no header line");
  if (rows.length === 0) throw invalid("The file has a header line but no rows");
  if (rows.length > MAX_BULK_ITEMS)
    throw invalid(`The file has ${rows.length} rows; import at most ${MAX_BULK_ITEMS} at once`);
  const seen = new Set<string>();
  for (const header of headers) {
    if (seen.has(header)) throw invalid(`The column "${header}" appears twice`);
    seen.add(header);
  }
  return { headers, rows: rows.map((row) => headers.map((_, i) => row[i] ?? "")) };
}
