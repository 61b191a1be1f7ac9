export { BlobTooLargeError, type BlobStore, type StoredBlob } from "./blob-store.ts";
export { PgLargeObjectStore } from "./pg-large-object-store.ts";
