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

type PatchableList = { prototype: BufferListInternals & { [PATCHED]?: true } };
const bl = requireFromMqttPacket("bl") as PatchableList & {
  BufferList?: PatchableList & (new () => BufferListInternals);
};
// The stream flavour (`bl()`) copied BufferList's methods when it was defined, so both are patched.
for (const list of [bl, bl.BufferList]) if (list) patchReads(list.prototype);

function patchReads(proto: PatchableList["prototype"]) {
  if (proto[PATCHED] || typeof proto.readUInt8 !== "function") return;
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

// The parser keeps its unparsed bytes in `bl()`, a Duplex stream (readable and writable state,
// event emitter) of which it uses only the list methods (append, consume, length, slice,
// toString, the reads above). Every idle connection holds one: a plain BufferList has the same
// methods and is about a kilobyte smaller (bench/connections).
const Parser = requireFromMqttPacket("./parser.js") as {
  prototype: { _resetState(): void; _list: unknown; [PATCHED]?: true };
};
const PlainBufferList = bl.BufferList;
const resetState = Parser.prototype._resetState;
if (PlainBufferList && typeof resetState === "function" && !Parser.prototype[PATCHED]) {
  Parser.prototype[PATCHED] = true;
  Parser.prototype._resetState = function (this: { _list: unknown }) {
    resetState.call(this);
    this._list = new PlainBufferList();
  };
}
