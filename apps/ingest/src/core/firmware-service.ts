import type { OtaKind } from "@industryos/device-protocol";
import { BoundedExpiringMap } from "./bounded-expiring-map.ts";
import { FirmwareChunkCache } from "./firmware-chunk-cache.ts";
import { RefusedError } from "./refusals.ts";
import type { DeviceSession } from "./session.ts";

/** The package a device should run (its own assignment, else its profile's), as a download needs it. */
export interface FirmwareTarget {
  packageId: string;
  title: string;
  version: string;
  size: number | null;
  fileName: string | null;
  contentType: string | null;
  /** Null for a package with an external URL: nothing to serve. */
  storageKey: string | null;
}

/** Where ingest finds targets and reads package bytes (PostgreSQL in app.ts). */
export interface FirmwareSource {
  targetOf(session: DeviceSession, type: OtaKind): Promise<FirmwareTarget | null>;
  read(storageKey: string, offset: number, length: number): Promise<Buffer>;
}

/** A device's target is looked up again after this long (a new assignment reaches downloads within it). */
const TARGET_TTL_MS = 5_000;
const MAX_TARGETS = 20_000;

/**
 * Serves OTA package bytes to devices on every transport, as ThingsBoard does: chunk `n` of
 * `size` bytes is `[n × size, (n + 1) × size)` (shorter at the end, empty past it); size 0 is the
 * whole file. Chunks come from a bounded in-memory cache in front of the store.
 */
export class FirmwareService {
  private readonly chunks: FirmwareChunkCache;
  private readonly targets = new BoundedExpiringMap<FirmwareTarget | null>(MAX_TARGETS);

  constructor(
    private readonly source: FirmwareSource,
    cacheBytes: number,
  ) {
    this.chunks = new FirmwareChunkCache(cacheBytes);
  }

  get cachedBytes() {
    return this.chunks.size;
  }

  /**
   * The device's target with a binary to serve, or NOT_FOUND (as ThingsBoard answers without one).
   * `fresh` looks it up again (an assignment just announced must not meet the cached previous one).
   */
  async target(session: DeviceSession, type: OtaKind, fresh = false): Promise<FirmwareTarget> {
    const key = `${session.deviceId}:${type}`;
    let target = fresh ? undefined : this.targets.get(key);
    if (target === undefined) {
      target = await this.source.targetOf(session, type);
      this.targets.set(key, target, TARGET_TTL_MS);
    }
    const what = type === "FIRMWARE" ? "firmware" : "software";
    if (!target) throw new RefusedError("NOT_FOUND", `no ${what} is assigned to this device`);
    if (!target.storageKey) throw new RefusedError("NOT_FOUND", `the assigned ${what} is an external URL`);
    return target;
  }

  async bytes(target: FirmwareTarget, chunkSize: number, chunk: number): Promise<Buffer> {
    const size = target.size ?? 0;
    const offset = chunkSize > 0 ? chunkSize * chunk : 0;
    const length = chunkSize > 0 ? Math.min(chunkSize, size - offset) : size;
    if (length <= 0) return Buffer.alloc(0);
    const key = target.storageKey!;
    return this.chunks.get(`${key}:${offset}:${length}`, () => this.source.read(key, offset, length));
  }
}
