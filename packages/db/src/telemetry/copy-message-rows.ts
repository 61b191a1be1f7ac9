// A prepared batch as COPY binary rows of the plain-PostgreSQL layout: one row per device message,
// (entity_id, ts) with its points' series ids and values in parallel arrays (see
// prisma/migrations/*_telemetry_message_rows). Array fields follow array_send: dimensions, a
// has-NULLs flag, the element type's OID, then (size, lower bound) and every element as a
// length-prefixed value, -1 for NULL.
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
export const COPY_MESSAGE_COLUMNS = "telemetry (entity_id, ts, series_ids, bool_v, long_v, dbl_v, str_v, json_v)";

/** An array field's header: ndim, flags, element OID, one dimension's size and lower bound. */
const ARRAY_HEADER_BYTES = 5 * 4;
/** Field count, entity id, timestamp and the series id array's length and header. */
const FIXED_ROW_BYTES = 2 + (4 + 16) + (4 + 8) + (4 + ARRAY_HEADER_BYTES);
/** Element type OIDs, by value slot (0 bool, 1 long, 2 double, 3 string, 4 json). */
const SLOT_OID = [16, 20, 701, 25, 3802] as const;
const INT8_OID = 20;

function writeArrayHeader(view: DataView, o: number, oid: number, length: number, hasNulls: boolean): void {
  view.setInt32(o, 1);
  view.setInt32(o + 4, hasNulls ? 1 : 0);
  view.setInt32(o + 8, oid);
  view.setInt32(o + 12, length);
  view.setInt32(o + 16, 1);
}

/** The batch's rows grouped into messages, as offsets into `rows`: message m is rows[start[m]] .. rows[start[m + 1] - 1]. */
interface Messages {
  count: number;
  start: Uint32Array;
  rows: Uint32Array;
}

/**
 * Rows grouped by (entity, timestamp), in the order received within a message; of two rows of one
 * series in one message (a point repeated in the batch) only the last is kept.
 */
function groupMessages(b: PreparedBatch, seriesIds: number[]): Messages {
  const messageOf = new Uint32Array(b.count);
  const byEntity = new Map<string, Map<number, number>>();
  let count = 0;
  for (let i = 0; i < b.count; i++) {
    // Points of one device message come together: one lookup per message.
    if (i > 0 && b.entity[i] === b.entity[i - 1] && b.ms[i] === b.ms[i - 1]) {
      messageOf[i] = messageOf[i - 1]!;
      continue;
    }
    let byMs = byEntity.get(b.entity[i]!);
    if (!byMs) byEntity.set(b.entity[i]!, (byMs = new Map()));
    let m = byMs.get(b.ms[i]!);
    if (m === undefined) byMs.set(b.ms[i]!, (m = count++));
    messageOf[i] = m;
  }
  const start = new Uint32Array(count + 1);
  for (let i = 0; i < b.count; i++) start[messageOf[i]! + 1]!++;
  for (let m = 0; m < count; m++) start[m + 1]! += start[m]!;
  const fill = start.slice(0, count);
  const rows = new Uint32Array(b.count);
  for (let i = 0; i < b.count; i++) rows[fill[messageOf[i]!]!++] = i;
  return dropRepeatedSeries({ count, start, rows }, seriesIds);
}

/** Keeps the last row of each series within every message (rare: only a batch repeating a point has any). */
function dropRepeatedSeries(messages: Messages, seriesIds: number[]): Messages {
  const { count, start, rows } = messages;
  let repeated = false;
  for (let m = 0; m < count && !repeated; m++) {
    const from = start[m]!;
    const to = start[m + 1]!;
    if (to - from > 64) {
      const seen = new Set<number>();
      for (let k = from; k < to; k++) seen.add(seriesIds[rows[k]!]!);
      repeated = seen.size !== to - from;
    } else {
      for (let k = from + 1; k < to && !repeated; k++)
        for (let j = from; j < k && !repeated; j++) repeated = seriesIds[rows[j]!] === seriesIds[rows[k]!];
    }
  }
  if (!repeated) return messages;
  const kept: number[] = [];
  const keptStart = new Uint32Array(count + 1);
  for (let m = 0; m < count; m++) {
    const last = new Map<number, number>();
    for (let k = start[m]!; k < start[m + 1]!; k++) last.set(seriesIds[rows[k]!]!, k);
    for (let k = start[m]!; k < start[m + 1]!; k++) if (last.get(seriesIds[rows[k]!]!) === k) kept.push(rows[k]!);
    keptStart[m + 1] = kept.length;
  }
  return { count, start: keptStart, rows: Uint32Array.from(kept) };
}

/**
 * Messages in the order of their first series id: one device's messages together, and devices in
 * the order their series were created, so neighbouring rows share the path down the unique index.
 */
const messageOrder = ({ count, start, rows }: Messages, seriesIds: number[]) =>
  orderByKey(count, (m) => seriesIds[rows[start[m]!]!]!);

/**
 * The batch's rows, of the series `seriesIds`, as `COPY <COPY_MESSAGE_COLUMNS> FROM STDIN (FORMAT
 * binary)` data: one row per (entity, timestamp), in messageOrder (or, for benchmarks, in the
 * order the messages first appear in the batch).
 */
export function copyMessageRows(b: PreparedBatch, seriesIds: number[], order: "sorted" | "arrival" = "sorted"): Buffer {
  const messages = groupMessages(b, seriesIds);
  const { count, start, rows } = messages;
  const textBytes = textByteLengths(b);
  // Which value slots each message has, as a bit mask.
  const slots = new Uint8Array(count);
  let size = HEADER_BYTES + TRAILER_BYTES;
  for (let m = 0; m < count; m++) {
    const n = start[m + 1]! - start[m]!;
    let mask = 0;
    size += FIXED_ROW_BYTES + n * 12;
    for (let k = start[m]!; k < start[m + 1]!; k++) {
      const i = rows[k]!;
      mask |= 1 << b.slot[i]!;
      size += valueBytes(b, i, textBytes);
    }
    slots[m] = mask;
    for (let slot = 0; slot < 5; slot++) size += mask & (1 << slot) ? 4 + ARRAY_HEADER_BYTES + n * 4 : 4;
  }
  const buf = Buffer.allocUnsafe(size);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  writeHeader(buf, view);
  let o = HEADER_BYTES;
  for (const m of order === "sorted" ? messageOrder(messages, seriesIds) : Array.from({ length: count }, (_, m) => m)) {
    const from = start[m]!;
    const to = start[m + 1]!;
    const n = to - from;
    const first = rows[from]!;
    view.setInt16(o, 8);
    view.setInt32(o + 2, 16);
    buf.write(b.entity[first]!.replaceAll("-", ""), o + 6, 16, "hex");
    view.setInt32(o + 22, 8);
    writeTimestamp(view, o + 26, b.ms[first]!);
    o += 34;
    view.setInt32(o, ARRAY_HEADER_BYTES + n * 12);
    writeArrayHeader(view, o + 4, INT8_OID, n, false);
    o += 4 + ARRAY_HEADER_BYTES;
    for (let k = from; k < to; k++) {
      view.setInt32(o, 8);
      writeInt64(view, o + 4, seriesIds[rows[k]!]!);
      o += 12;
    }
    const mask = slots[m]!;
    for (let slot = 0; slot < 5; slot++) {
      if (!(mask & (1 << slot))) {
        view.setInt32(o, -1);
        o += 4;
        continue;
      }
      const lengthAt = o;
      writeArrayHeader(view, o + 4, SLOT_OID[slot]!, n, mask !== 1 << slot);
      o += 4 + ARRAY_HEADER_BYTES;
      for (let k = from; k < to; k++) {
        const i = rows[k]!;
        if (b.slot[i] === slot) {
          o = writeValue(buf, view, o, b, i, textBytes);
        } else {
          view.setInt32(o, -1);
          o += 4;
        }
      }
      view.setInt32(lengthAt, o - lengthAt - 4);
    }
  }
  view.setInt16(o, -1);
  if (o + TRAILER_BYTES !== size) throw new Error(`copyMessageRows: wrote ${o + TRAILER_BYTES} of ${size} bytes`); // a sizing bug would send garbage
  return buf;
}
