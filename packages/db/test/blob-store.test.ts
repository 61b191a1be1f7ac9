import { randomBytes } from "node:crypto";
import { describe, expect, test } from "vitest";
import { BlobTooLargeError, PgLargeObjectStore } from "../src/blobs/index.ts";
import { useTestDatabase } from "./helpers.ts";

const ctx = useTestDatabase();
const store = () => new PgLargeObjectStore(ctx.clients.systemPool);

async function* pieces(data: Buffer, size: number) {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

async function largeObjects(): Promise<number> {
  const r = await ctx.clients.systemPool.query<{ n: string }>("SELECT count(*) AS n FROM pg_largeobject_metadata");
  return Number(r.rows[0]!.n);
}

describe("PostgreSQL large-object blob store", () => {
  test("stores a streamed binary and reads it back whole, by range and as a stream", async () => {
    const data = randomBytes(700_001);
    const blob = await store().put(pieces(data, 16_384), { maxBytes: 1_000_000 });
    expect(blob.size).toBe(data.length);
    expect(await store().read(blob.key, 0, data.length)).toEqual(data);
    expect(await store().read(blob.key, 4096 * 3, 4096)).toEqual(data.subarray(4096 * 3, 4096 * 4));
    // The last range is short, and past the end there is nothing.
    expect(await store().read(blob.key, 700_000, 4096)).toEqual(data.subarray(700_000));
    expect((await store().read(blob.key, 800_000, 4096)).length).toBe(0);
    const streamed: Buffer[] = [];
    for await (const piece of store().stream(blob.key)) streamed.push(piece);
    expect(Buffer.concat(streamed)).toEqual(data);
  });

  test("refuses a binary over the limit and keeps nothing of it", async () => {
    const before = await largeObjects();
    await expect(store().put(pieces(randomBytes(300_000), 10_000), { maxBytes: 200_000 })).rejects.toBeInstanceOf(
      BlobTooLargeError,
    );
    expect(await largeObjects()).toBe(before);
  });

  test("an upload cut off half-way keeps nothing", async () => {
    const before = await largeObjects();
    async function* broken() {
      yield randomBytes(300_000);
      throw new Error("client went away");
    }
    await expect(store().put(broken(), { maxBytes: 1_000_000 })).rejects.toThrow("client went away");
    expect(await largeObjects()).toBe(before);
  });

  test("delete removes the binary, and deleting it again is no error", async () => {
    const blob = await store().put(pieces(randomBytes(1000), 100), { maxBytes: 10_000 });
    const before = await largeObjects();
    await store().delete(blob.key);
    expect(await largeObjects()).toBe(before - 1);
    await store().delete(blob.key);
  });
});
