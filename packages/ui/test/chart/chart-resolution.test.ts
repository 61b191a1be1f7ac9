import { describe, expect, it } from "vitest";
import { aggregationLabel, chooseChartResolution } from "../../src/widgets/chart/chart-resolution.ts";

const day = { type: "realtime" as const, lastMs: 86_400_000 };

describe("chooseChartResolution", () => {
  it("asks for raw points first, even over a long window", () => {
    expect(chooseChartResolution(day, null)).toEqual({ agg: "NONE", limit: 1000 });
  });

  it("stays raw when the window held fewer points than the limit (a burst of six shows six)", () => {
    expect(chooseChartResolution(day, 6)).toEqual({ agg: "NONE", limit: 1000 });
  });

  it("averages per nice bucket once the raw answer filled the limit", () => {
    expect(chooseChartResolution(day, 1000)).toEqual({ agg: "AVG", intervalMs: 300_000, limit: 1000 });
    const week = chooseChartResolution({ type: "fixed", from: 0, to: 7 * 86_400_000 }, 1000);
    expect(week).toEqual({ agg: "AVG", intervalMs: 900_000, limit: 1000 });
  });
});

describe("aggregationLabel", () => {
  it("names the aggregation as the legend shows it", () => {
    expect(aggregationLabel({ agg: "NONE", limit: 1000 })).toBeNull();
    expect(aggregationLabel({ agg: "AVG", intervalMs: 300_000, limit: 1000 })).toBe("avg per 5 min");
    expect(aggregationLabel({ agg: "AVG", intervalMs: 30_000, limit: 1000 })).toBe("avg per 30 s");
    expect(aggregationLabel({ agg: "AVG", intervalMs: 3_600_000, limit: 1000 })).toBe("avg per 1 h");
    expect(aggregationLabel({ agg: "AVG", intervalMs: 86_400_000, limit: 1000 })).toBe("avg per day");
  });
});
