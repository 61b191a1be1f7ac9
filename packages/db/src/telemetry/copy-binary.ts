// The TimescaleDB layout's COPY data: a prepared batch as one binary row per point (series id, ts,
// one of five value columns). Binary, not text: PostgreSQL stores the values as sent instead of
// parsing them, which took about a quarter of the server's time per row (timestamps and UUIDs
// above all).
import type { PreparedBatch } from "./batch.ts";
import {
  HEADER_BYTES,
  orderByKey,
  textByteLengths,
  TRAILER_BYTES,
  valueBytes,
  writeHeader,
  writeInt64,
  writeTimestamp,
  writeValue,
} from "./copy-format.ts";

/** The columns in the order every row is written. */
export const COPY_BINARY_COLUMNS = "telemetry (series_id, ts, bool_v, long_v, dbl_v, str_v, json_v)";

/** Field count, series id, timestamp and four NULL value columns: what every row has. */
const FIXED_ROW_BYTES = 2 + (4 + 8) + (4 + 8) + 4 * 4;

/**
 * Row indexes by series id; the rows of one series stay in the order received. In arrival order
 * each point of a batch from many devices lands on another series' btree leaf; in key order
 * neighbouring keys share the path down the index. On ingest-shaped batches the COPY backend
 * spent ~8% less CPU per point (bench/telemetry-store/copy-order.ts, when plain PostgreSQL had
 * this layout), ~300 ns; the sort costs ~50–80 ns per point here.
 */
const rowsBySeries = (seriesIds: number[], count: number) => orderByKey(count, (i) => seriesIds[i]!);

/**
 * The batch's rows, of the series `seriesIds`, as `COPY <COPY_BINARY_COLUMNS> FROM STDIN (FORMAT
 * binary)` data, in the order of the row indexes `order` (by default by series id: rowsBySeries).
 */
export function copyBinary(
  b: PreparedBatch,
  seriesIds: number[],
  order: ArrayLike<number> = rowsBySeries(seriesIds, b.count),
): Buffer {
  const textBytes = textByteLengths(b);
  let size = HEADER_BYTES + TRAILER_BYTES;
  for (let i = 0; i < b.count; i++) size += FIXED_ROW_BYTES + 4 + valueBytes(b, i, textBytes);
  const buf = Buffer.allocUnsafe(size);
  // DataView's setters compile to plain stores; Buffer's write methods check every call.
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  writeHeader(buf, view);
  let o = HEADER_BYTES;
  for (let k = 0; k < b.count; k++) {
    const i = order[k]!;
    view.setInt16(o, 7);
    view.setInt32(o + 2, 8);
    writeInt64(view, o + 6, seriesIds[i]!);
    view.setInt32(o + 14, 8);
    writeTimestamp(view, o + 18, b.ms[i]!);
    o += 26;
    const slot = b.slot[i]!;
    for (let column = 0; column < 5; column++) {
      if (column === slot) {
        o = writeValue(buf, view, o, b, i, textBytes);
      } else {
        view.setInt32(o, -1);
        o += 4;
      }
    }
  }
  view.setInt16(o, -1);
  return buf;
}
