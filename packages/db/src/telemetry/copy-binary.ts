// A prepared batch in COPY's binary format (https://www.postgresql.org/docs/current/sql-copy.html,
// "Binary Format"): PostgreSQL stores the values as sent instead of parsing text, which took about a
// quarter of the server's time per row (timestamps and UUIDs above all).
import type { PreparedBatch } from "./batch.ts";

/** The columns in the order every row is written. */
export const COPY_BINARY_COLUMNS = "telemetry (series_id, ts, bool_v, long_v, dbl_v, str_v, json_v)";

const SIGNATURE = Buffer.from("PGCOPY\n\xff\r\n\0", "latin1");
/** Signature, flags (int32 0) and header extension length (int32 0). */
const HEADER_BYTES = SIGNATURE.length + 8;
/** Field count, series id, timestamp and four NULL value columns: what every row has. */
const FIXED_ROW_BYTES = 2 + (4 + 8) + (4 + 8) + 4 * 4;
/** PostgreSQL counts timestamps in microseconds from 2000-01-01. */
const PG_EPOCH_MS = 946_684_800_000;
const TWO_32 = 4_294_967_296;
const JSONB_VERSION = 1;
/** A sort key is series id × ROW_SLOTS + row index: exact in a double while ids stay below 2^31. */
const ROW_SLOTS = 4_194_304;

/** A safe integer as a big-endian int64, without a BigInt per value. */
function writeInt64(view: DataView, offset: number, value: number): void {
  const high = Math.floor(value / TWO_32);
  view.setInt32(offset, high);
  view.setUint32(offset + 4, value - high * TWO_32);
}

function valueBytes(b: PreparedBatch, i: number, textBytes: number[]): number {
  switch (b.slot[i]) {
    case 0:
      return 1;
    case 1:
    case 2:
      return 8;
    case 3:
      return textBytes[i]!;
    default:
      return 1 + textBytes[i]!;
  }
}

/**
 * Row indexes by series id; the rows of one series stay in the order received. In arrival order
 * each point of a batch from many devices lands on another series' btree leaf; in key order
 * neighbouring keys share the path down the index. On ingest-shaped batches the COPY backend
 * spends ~8% less CPU per point (bench/telemetry-store/copy-order.ts), ~300 ns; the sort costs
 * ~50–80 ns per point here.
 */
function rowsBySeries(seriesIds: number[], count: number): Uint32Array {
  const order = new Uint32Array(count);
  let maxId = 0;
  for (let i = 0; i < count; i++) if (seriesIds[i]! > maxId) maxId = seriesIds[i]!;
  if (count <= ROW_SLOTS && maxId * ROW_SLOTS + count <= Number.MAX_SAFE_INTEGER) {
    // A typed array's own numeric sort, with no comparator call per pair.
    const keys = new Float64Array(count);
    for (let i = 0; i < count; i++) keys[i] = seriesIds[i]! * ROW_SLOTS + i;
    keys.sort();
    for (let i = 0; i < count; i++) order[i] = keys[i]! % ROW_SLOTS;
    return order;
  }
  for (let i = 0; i < count; i++) order[i] = i;
  return order.sort((x, y) => seriesIds[x]! - seriesIds[y]! || x - y);
}

/**
 * The batch's rows, of the series `seriesIds`, as `COPY <COPY_BINARY_COLUMNS> FROM STDIN (FORMAT
 * binary)` data, in the order of the row indexes `order` (by default by series id: rowsBySeries).
 */
export function copyBinary(b: PreparedBatch, seriesIds: number[], order: ArrayLike<number> = rowsBySeries(seriesIds, b.count)): Buffer {
  const textBytes: number[] = new Array<number>(b.count).fill(0);
  let size = HEADER_BYTES + 2;
  for (let i = 0; i < b.count; i++) {
    if (b.slot[i]! >= 3) textBytes[i] = Buffer.byteLength(b.text[i]!);
    size += FIXED_ROW_BYTES + 4 + valueBytes(b, i, textBytes);
  }
  const buf = Buffer.allocUnsafe(size);
  // DataView's setters compile to plain stores; Buffer's write methods check every call.
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  SIGNATURE.copy(buf, 0);
  view.setInt32(SIGNATURE.length, 0);
  view.setInt32(SIGNATURE.length + 4, 0);
  let o = HEADER_BYTES;
  for (let k = 0; k < b.count; k++) {
    const i = order[k]!;
    view.setInt16(o, 7);
    view.setInt32(o + 2, 8);
    writeInt64(view, o + 6, seriesIds[i]!);
    view.setInt32(o + 14, 8);
    writeInt64(view, o + 18, (b.ms[i]! - PG_EPOCH_MS) * 1000);
    o += 26;
    const slot = b.slot[i]!;
    for (let column = 0; column < 5; column++) {
      if (column !== slot) {
        view.setInt32(o, -1);
        o += 4;
        continue;
      }
      const bytes = valueBytes(b, i, textBytes);
      view.setInt32(o, bytes);
      o += 4;
      if (slot === 0) buf[o] = b.num[i]!;
      else if (slot === 1) writeInt64(view, o, b.num[i]!);
      else if (slot === 2) view.setFloat64(o, b.num[i]!);
      else if (slot === 3) buf.write(b.text[i]!, o, "utf8");
      else {
        buf[o] = JSONB_VERSION;
        buf.write(b.text[i]!, o + 1, "utf8");
      }
      o += bytes;
    }
  }
  view.setInt16(o, -1);
  return buf;
}
