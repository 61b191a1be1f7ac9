import { PgLargeObjectStore, type BlobStore } from "@industryos/db/blobs";
import type { ApiDeps } from "../../deps.ts";

export const DEFAULT_OTA_MAX_PACKAGE_BYTES = 100 * 1024 * 1024;

const defaults = new WeakMap<ApiDeps, BlobStore>();

/** Where package binaries live: `deps.ota.blobs`, else PostgreSQL large objects over the system pool. */
export function otaBlobs(deps: ApiDeps): BlobStore {
  if (deps.ota?.blobs) return deps.ota.blobs;
  let store = defaults.get(deps);
  if (!store) {
    store = new PgLargeObjectStore(deps.db.systemPool);
    defaults.set(deps, store);
  }
  return store;
}

export const otaMaxPackageBytes = (deps: ApiDeps) => deps.ota?.maxPackageBytes ?? DEFAULT_OTA_MAX_PACKAGE_BYTES;
