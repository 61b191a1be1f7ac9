import type pg from "pg";
import { withPoolClient } from "../checkout.ts";
import { BlobTooLargeError, type BlobStore, type StoredBlob } from "./blob-store.ts";

const KEY_PREFIX = "pg-lo:";
/** Incoming pieces are gathered into writes of this size: one round trip per 256 KiB, not per TCP read. */
const WRITE_BYTES = 256 * 1024;
/** A download reads this much per query. */
const READ_BYTES = 256 * 1024;
/** PostgreSQL's undefined_object: lo_unlink of an oid that is gone. */
const UNDEFINED_OBJECT = "42704";

function oidOf(key: string): string {
  if (!key.startsWith(KEY_PREFIX) || !/^\d+$/.test(key.slice(KEY_PREFIX.length)))
    throw new Error(`not a large-object key: ${key}`);
  return key.slice(KEY_PREFIX.length);
}

/**
 * Blobs as PostgreSQL large objects (`lo_create`/`lo_put`/`lo_get`/`lo_unlink`), over the pool
 * given (the system role's: large objects have owners, not row security). A put runs in one
 * transaction, so an upload that fails or is cut off leaves nothing behind; reads are single
 * `lo_get` calls, random access without a transaction.
 */
export class PgLargeObjectStore implements BlobStore {
  constructor(private readonly pool: pg.Pool) {}

  put(source: AsyncIterable<Uint8Array>, options: { maxBytes: number }): Promise<StoredBlob> {
    return withPoolClient(this.pool, async (client) => {
      let size = 0;
      const created = await client.query<{ oid: string }>("SELECT lo_create(0)::text AS oid");
      const oid = created.rows[0]!.oid;
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      let written = 0;
      const flush = async () => {
        if (pendingBytes === 0) return;
        await client.query("SELECT lo_put($1::oid, $2::bigint, $3::bytea)", [oid, written, Buffer.concat(pending)]);
        written += pendingBytes;
        pending = [];
        pendingBytes = 0;
      };
      for await (const piece of source) {
        size += piece.byteLength;
        if (size > options.maxBytes) throw new BlobTooLargeError(options.maxBytes);
        pending.push(Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength));
        pendingBytes += piece.byteLength;
        if (pendingBytes >= WRITE_BYTES) await flush();
      }
      await flush();
      return { key: `${KEY_PREFIX}${oid}`, size };
    });
  }

  async read(key: string, offset: number, length: number): Promise<Buffer> {
    if (length <= 0) return Buffer.alloc(0);
    const result = await this.pool.query<{ data: Buffer }>("SELECT lo_get($1::oid, $2::bigint, $3::int) AS data", [
      oidOf(key),
      offset,
      length,
    ]);
    return result.rows[0]!.data;
  }

  async *stream(key: string): AsyncIterable<Buffer> {
    for (let offset = 0; ; offset += READ_BYTES) {
      const piece = await this.read(key, offset, READ_BYTES);
      if (piece.length > 0) yield piece;
      if (piece.length < READ_BYTES) return;
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.pool.query("SELECT lo_unlink($1::oid)", [oidOf(key)]);
    } catch (error) {
      if ((error as { code?: string }).code !== UNDEFINED_OBJECT) throw error;
    }
  }
}
