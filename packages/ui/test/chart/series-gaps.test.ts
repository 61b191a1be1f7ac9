import { describe, expect, it } from "vitest";
import { insertGaps, typicalSpacing } from "../../src/widgets/chart/series-gaps.ts";

const series = (times: number[]) => times.map((ts, i) => ({ ts, value: i }));

describe("insertGaps", () => {
  it("breaks a raw series where it fell silent for several reporting intervals", () => {
    // Every second for 5 s, silent for a minute, then every second again.
    const points = series([0, 1000, 2000, 3000, 4000, 64_000, 65_000, 66_000]);
    const out = insertGaps(points);
    expect(out).toHaveLength(points.length + 1);
    expect(out[5]).toEqual({ ts: 34_000, value: null });
  });

  it("leaves a burst and an evenly reporting series unbroken", () => {
    const burst = series([0, 1000, 2000, 2100, 2200, 2300, 2400, 2500, 3000, 4000]);
    expect(insertGaps(burst)).toEqual(burst);
  });

  it("breaks an aggregated series at every missing bucket", () => {
    const minute = 60_000;
    const points = series([0, minute, 2 * minute, 5 * minute, 6 * minute]);
    const out = insertGaps(points, minute);
    expect(out.filter((p) => p.value === null)).toEqual([{ ts: 3.5 * minute, value: null }]);
  });

  it("needs a few points before it can tell a gap", () => {
    expect(insertGaps(series([0, 100_000]))).toHaveLength(2);
    expect(typicalSpacing(series([0, 10, 20, 30, 40, 1000]))).toBe(10);
  });
});
