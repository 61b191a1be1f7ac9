import { describe, expect, it } from "vitest";
import { partitionOf, RULE_ENGINE_PARTITIONS } from "../src/index.ts";

describe("rule-engine partitions", () => {
  it("always maps a device to the same partition", () => {
    const id = "2b7e1516-28ae-4d2a-a6d2-15a8c7f4e1b0";
    expect(partitionOf(id)).toBe(partitionOf(id));
    expect(partitionOf(id)).toBeGreaterThanOrEqual(0);
    expect(partitionOf(id)).toBeLessThan(RULE_ENGINE_PARTITIONS);
  });
});
