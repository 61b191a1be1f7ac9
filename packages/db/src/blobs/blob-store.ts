/**
 * Where large binaries (OTA packages today) live, addressed by an opaque key that the owning row
 * stores. Tenancy is the row's business: whoever holds a key found it through a tenant-scoped row.
 * One implementation today (PostgreSQL large objects); an S3-compatible store fits the same shape.
 */
export interface BlobStore {
  /**
   * Stores everything `source` yields. Past `maxBytes` it stops reading, keeps nothing and throws
   * BlobTooLargeError; any other failure keeps nothing either.
   */
  put(source: AsyncIterable<Uint8Array>, options: { maxBytes: number }): Promise<StoredBlob>;
  /** Bytes `[offset, offset + length)`: fewer at the end, none past it. */
  read(key: string, offset: number, length: number): Promise<Buffer>;
  /** The whole blob, piece by piece (a download streams it instead of holding it in memory). */
  stream(key: string): AsyncIterable<Buffer>;
  /** Removes the blob; a key that is already gone is not an error. */
  delete(key: string): Promise<void>;
}

export interface StoredBlob {
  key: string;
  size: number;
}

export class BlobTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`larger than ${maxBytes} bytes`);
    this.name = "BlobTooLargeError";
  }
}
