import { describe, expect, it } from "vitest";
import { toChartRows, toChartSeries } from "../../src/widgets/chart/chart-series.ts";
import { keyColor, SERIES_PALETTE } from "../../src/widgets/chart/series-palette.ts";

const keys = [{ key: "temperature" }, { key: "pressure", color: "#123456" }];

describe("toChartSeries", () => {
  it("draws each key in the colour its settings swatch shows", () => {
    const data = { d1: { temperature: [{ ts: 1, value: 20 }], pressure: [{ ts: 1, value: 3 }] } };
    const series = toChartSeries(data, keys, {});
    expect(series.map((s) => s.color)).toEqual([keyColor(keys[0]!, 0), keyColor(keys[1]!, 1)]);
    expect(series.map((s) => s.color)).toEqual([SERIES_PALETTE[0], "#123456"]);
  });

  it("keeps a key's colour for every entity and tells entities apart by dash and name", () => {
    const data = { d1: { temperature: [{ ts: 1, value: 20 }] }, d2: { temperature: [{ ts: 1, value: 21 }] } };
    const series = toChartSeries(data, [keys[0]!], { d1: "Boiler", d2: "Chiller" });
    expect(series.map((s) => s.color)).toEqual([SERIES_PALETTE[0], SERIES_PALETTE[0]]);
    expect(series[0]!.dash).not.toEqual(series[1]!.dash);
    expect(series.map((s) => s.label)).toEqual(["temperature (Boiler)", "temperature (Chiller)"]);
  });

  it("names the aggregation in every label and breaks at missing buckets", () => {
    const points = [0, 1, 2, 5, 6].map((m) => ({ ts: m * 60_000, value: m }));
    const [series] = toChartSeries(
      { d1: { temperature: points } },
      [keys[0]!],
      {},
      {
        bucketMs: 60_000,
        suffix: "avg per 1 min",
      },
    );
    expect(series!.label).toBe("temperature · avg per 1 min");
    expect(series!.points.filter((p) => p.value === null)).toHaveLength(1);
  });

  it("skips values that are not numbers and merges series into rows for bars", () => {
    const data = {
      d1: {
        temperature: [
          { ts: 1, value: "hot" },
          { ts: 2, value: 20 },
        ],
        pressure: [{ ts: 2, value: 3 }],
      },
    };
    const rows = toChartRows(toChartSeries(data, keys, {}));
    expect(rows).toEqual([{ ts: 2, "d1:temperature": 20, "d1:pressure": 3 }]);
  });
});
