// mqtt-packet's parser reads every header byte, length byte, topic length and packet id through
// `bl`, whose read methods first slice the bytes into a new Buffer (`slice(o, o + 1).readUInt8(0)`):
// six Buffer objects for each PUBLISH, about a fifth of the parser's time and a sixth of what
// ingest allocates per message under load. Imported before aedes and mqtt-packet, this gives
// mqtt-packet's BufferList reads that look the bytes up in place. Out-of-range reads still throw
// a RangeError, as Buffer's do.
import { requireFromMqttPacket } from "./mqtt-packet-require.ts";

interface BufferListInternals {
  _bufs: Buffer[];
  length: number;
  readUInt8(offset?: number): number;
  readUInt16BE(offset?: number): number;
  readUInt32BE(offset?: number): number;
}

const PATCHED = Symbol.for("industryos.bufferListReads");

function byteAt(list: BufferListInternals, offset: number): number {
  if (!(offset >= 0 && offset < list.length))
    throw new RangeError(`offset ${offset} is outside the buffer list (length ${list.length})`);
  const bufs = list._bufs;
  for (let i = 0; i < bufs.length; i++) {
    const buf = bufs[i]!;
    if (offset < buf.length) return buf[offset]!;
    offset -= buf.length;
  }
  throw new RangeError(`offset ${offset} is outside the buffer list`);
}

// The stream flavour (`bl()`, what the parser creates) copied BufferList's methods when it was defined: patch it.
const BufferListStream = requireFromMqttPacket("bl") as { prototype: BufferListInternals & { [PATCHED]?: true } };
const proto = BufferListStream.prototype;
if (!proto[PATCHED] && typeof proto.readUInt8 === "function") {
  proto[PATCHED] = true;
  proto.readUInt8 = function (this: BufferListInternals, offset = 0) {
    return byteAt(this, offset);
  };
  proto.readUInt16BE = function (this: BufferListInternals, offset = 0) {
    return byteAt(this, offset) * 0x100 + byteAt(this, offset + 1);
  };
  proto.readUInt32BE = function (this: BufferListInternals, offset = 0) {
    return (
      byteAt(this, offset) * 0x1000000 +
      byteAt(this, offset + 1) * 0x10000 +
      byteAt(this, offset + 2) * 0x100 +
      byteAt(this, offset + 3)
    );
  };
}
