import { describe, expect, it } from "vitest";
import { LocalFailureCounter } from "../src/core/local-failure-counter.ts";

describe("LocalFailureCounter", () => {
  it("counts an address's failures for a minute from its first one", () => {
    const counter = new LocalFailureCounter();
    counter.add("10.0.0.1", 0);
    counter.add("10.0.0.1", 30_000);
    expect(counter.count("10.0.0.1", 59_999)).toBe(2);
    expect(counter.count("10.0.0.2", 59_999)).toBe(0);
    expect(counter.count("10.0.0.1", 60_000)).toBe(0);
    counter.add("10.0.0.1", 60_000);
    expect(counter.count("10.0.0.1", 60_001)).toBe(1);
  });

  it("stays bounded under a flood of addresses, dropping finished minutes first, then the oldest", () => {
    const counter = new LocalFailureCounter();
    counter.add("old", 0);
    counter.add("recent", 50_000);
    for (let i = 0; i < 100_000; i++) counter.add(`flood-${i}`, 70_000);
    // "old" (its minute over) went first; the cap then took the oldest live entry, "recent".
    expect(counter.count("recent", 70_000)).toBe(0);
    expect(counter.count("flood-99999", 70_000)).toBe(1);
    expect(counter.count("flood-0", 70_000)).toBe(1);
  });
});
