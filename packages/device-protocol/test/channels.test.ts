import { describe, expect, it } from "vitest";
import { partitionOf, RULE_ENGINE_PARTITIONS } from "../src/index.ts";

describe("partitions", () => {
  it("always maps a device to the same partition", () => {
    const id = "2b7e1516-28ae-4d2a-a6d2-15a8c7f4e1b0";
    expect(partitionOf(id)).toBe(partitionOf(id));
    expect(partitionOf(id)).toBeGreaterThanOrEqual(0);
    expect(partitionOf(id)).toBeLessThan(RULE_ENGINE_PARTITIONS);
  });

  it("is FNV-1a of the id, whether or not the id was seen before", () => {
    // Other processes (and languages) compute the same partition: the hash must not drift.
    const id = "00000000-0000-4000-8000-000000000000"; // used by no other test: the first call computes
    expect(partitionOf(id, 1_000_003)).toBe(6650);
    expect(partitionOf(id, 1_000_003)).toBe(6650); // remembered
    expect(partitionOf(id)).toBe(5);
  });
});
