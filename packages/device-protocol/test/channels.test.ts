import { describe, expect, it } from "vitest";
import { partitionOf, readRuleEngineEntry, ruleEngineEntry, RULE_ENGINE_PARTITIONS } from "../src/index.ts";

describe("rule-engine stream entries", () => {
  it("carry a batch's messages in order and read back as they were written", () => {
    const messages = [{ type: "POST_TELEMETRY_REQUEST", n: 1 }, { type: "POST_ATTRIBUTES_REQUEST", n: 2 }];
    const fields = ruleEngineEntry(messages.map((m) => JSON.stringify(m)));
    expect(fields[0]).toBe("msgs");
    expect(readRuleEngineEntry([...fields])).toEqual(messages);
  });

  it("refuses an entry that is not a batch", () => {
    expect(() => readRuleEngineEntry(["msg", "{}"])).toThrow(/without a msgs field/);
    expect(() => readRuleEngineEntry(["msgs", "{}"])).toThrow(/not an array/);
  });

  it("always maps a device to the same partition", () => {
    const id = "2b7e1516-28ae-4d2a-a6d2-15a8c7f4e1b0";
    expect(partitionOf(id)).toBe(partitionOf(id));
    expect(partitionOf(id)).toBeGreaterThanOrEqual(0);
    expect(partitionOf(id)).toBeLessThan(RULE_ENGINE_PARTITIONS);
  });
});
