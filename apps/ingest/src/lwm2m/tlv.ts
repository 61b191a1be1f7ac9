/** The four kinds of OMA TLV entries (LwM2M 1.1 TS Core §7.4.3), by the type byte's two top bits. */
export type TlvKind = "objectInstance" | "resourceInstance" | "multipleResource" | "resource";

const KINDS: TlvKind[] = ["objectInstance", "resourceInstance", "multipleResource", "resource"];

export interface TlvEntry {
  kind: TlvKind;
  id: number;
  /** The value bytes (resource, resource instance), or the nested entries' bytes. */
  value: Buffer;
  /** Nested entries of an object instance or a multiple resource. */
  children?: TlvEntry[];
}

/** Decodes `application/vnd.oma.lwm2m+tlv` (11542); throws on truncated input. */
export function decodeTlv(buffer: Buffer): TlvEntry[] {
  const entries: TlvEntry[] = [];
  let offset = 0;
  const need = (bytes: number) => {
    if (offset + bytes > buffer.length) throw new Error("truncated TLV");
  };
  while (offset < buffer.length) {
    const type = buffer[offset++]!;
    const kind = KINDS[type >> 6]!;
    const idBytes = type & 0x20 ? 2 : 1;
    need(idBytes);
    const id = buffer.readUIntBE(offset, idBytes);
    offset += idBytes;
    const lengthBytes = (type >> 3) & 0x03;
    let length = type & 0x07;
    if (lengthBytes > 0) {
      need(lengthBytes);
      length = buffer.readUIntBE(offset, lengthBytes);
      offset += lengthBytes;
    }
    need(length);
    const value = buffer.subarray(offset, offset + length);
    offset += length;
    const nested = kind === "objectInstance" || kind === "multipleResource";
    entries.push({ kind, id, value, ...(nested ? { children: decodeTlv(value) } : {}) });
  }
  return entries;
}

/** One TLV resource entry holding `value` (encoding a write of a single resource). */
export function encodeTlvResource(id: number, value: Buffer): Buffer {
  const idBytes = id > 0xff ? 2 : 1;
  const lengthBytes = value.length < 8 ? 0 : value.length <= 0xff ? 1 : value.length <= 0xffff ? 2 : 3;
  const type = (0b11 << 6) | (idBytes === 2 ? 0x20 : 0) | (lengthBytes << 3) | (lengthBytes === 0 ? value.length : 0);
  const header = Buffer.alloc(1 + idBytes + lengthBytes);
  header[0] = type;
  header.writeUIntBE(id, 1, idBytes);
  if (lengthBytes > 0) header.writeUIntBE(value.length, 1 + idBytes, lengthBytes);
  return Buffer.concat([header, value]);
}
