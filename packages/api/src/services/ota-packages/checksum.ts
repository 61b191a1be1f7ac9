import { createHash } from "node:crypto";
import { crc32 } from "node:zlib";
import type { ChecksumAlgorithm } from "./schemas.ts";

export interface RunningChecksum {
  update(piece: Uint8Array): void;
  /** Lower-case hex, as ThingsBoard's devices compare it. */
  digest(): string;
}

const HASHES: Record<Exclude<ChecksumAlgorithm, "CRC32">, string> = {
  SHA256: "sha256",
  SHA384: "sha384",
  SHA512: "sha512",
  MD5: "md5",
};

/** A checksum computed piece by piece while the binary streams past (CRC32 as 8 hex digits, big-endian). */
export function runningChecksum(algorithm: ChecksumAlgorithm): RunningChecksum {
  if (algorithm === "CRC32") {
    let value = 0;
    return {
      update: (piece) => (value = crc32(piece, value)),
      digest: () => value.toString(16).padStart(8, "0"),
    };
  }
  const hash = createHash(HASHES[algorithm]);
  return { update: (piece) => hash.update(piece), digest: () => hash.digest("hex") };
}

/** Passes the pieces on unchanged, feeding each to the checksum on the way. */
export async function* checksummed(source: AsyncIterable<Uint8Array>, checksum: RunningChecksum) {
  for await (const piece of source) {
    checksum.update(piece);
    yield piece;
  }
}
