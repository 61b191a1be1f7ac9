import { describe, expect, it } from "vitest";
import { addWidget, duplicateWidget, removeWidget, replaceWidget } from "../../src/dashboard/dashboard-editor.ts";
import { toCsv } from "../../src/widgets/csv.ts";
import { toSubscriptionSource } from "../../src/widgets/data-source.ts";
import { applyData, latestOf } from "../../src/widgets/live-data.ts";
import { chooseAggregation } from "../../src/widgets/time-window.ts";
import { formatKeyValue, thresholdColor } from "../../src/widgets/thresholds.ts";
import { EMPTY_DASHBOARD } from "../../src/widgets/widget-config.ts";

describe("applyData", () => {
  it("replaces state with a snapshot and keeps the newest latest value", () => {
    let state = applyData(
      { old: {} },
      { type: "data", cmdId: 1, initial: true, data: { d: { t: [{ ts: 5, value: 1 }] } } },
      "latest",
    );
    expect(state).toEqual({ d: { t: [{ ts: 5, value: 1 }] } });
    state = applyData(state, { type: "data", cmdId: 1, data: { d: { t: [{ ts: 4, value: 0 }] } } }, "latest");
    expect(latestOf(state, "t")).toEqual({ ts: 5, value: 1 });
    state = applyData(state, { type: "data", cmdId: 1, data: { d: { t: [{ ts: 6, value: 2 }] } } }, "latest");
    expect(latestOf(state, "t")).toEqual({ ts: 6, value: 2 });
  });

  it("appends series points in time order, replaces a resent bucket, trims the window and the count", () => {
    let state = applyData(
      {},
      {
        type: "data",
        cmdId: 1,
        initial: true,
        data: {
          d: {
            p: [
              { ts: 10, value: 1 },
              { ts: 20, value: 2 },
            ],
          },
        },
      },
      "series",
    );
    state = applyData(
      state,
      {
        type: "data",
        cmdId: 1,
        data: {
          d: {
            p: [
              { ts: 20, value: 3 },
              { ts: 15, value: 9 },
              { ts: 30, value: 4 },
            ],
          },
        },
      },
      "series",
    );
    expect(state.d!.p!.map((p) => [p.ts, p.value])).toEqual([
      [10, 1],
      [15, 9],
      [20, 3],
      [30, 4],
    ]);
    state = applyData(state, { type: "data", cmdId: 1, data: { d: { p: [{ ts: 40, value: 5 }] } } }, "series", {
      from: 15,
      maxPoints: 3,
    });
    expect(state.d!.p!.map((p) => p.ts)).toEqual([20, 30, 40]);
  });
});

describe("chooseAggregation", () => {
  it("keeps raw points for short windows and picks a nice bucket under 1,000 points for long ones", () => {
    expect(chooseAggregation({ type: "realtime", lastMs: 300_000 })).toEqual({ agg: "NONE" });
    expect(chooseAggregation({ type: "realtime", lastMs: 86_400_000 })).toEqual({ agg: "AVG", intervalMs: 300_000 });
    const month = chooseAggregation({ type: "fixed", from: 0, to: 30 * 86_400_000 });
    expect(month).toEqual({ agg: "AVG", intervalMs: 3_600_000 });
  });
});

describe("thresholds and formatting", () => {
  it("colours by the highest threshold reached", () => {
    const t = [
      { from: 50, color: "orange" },
      { from: 80, color: "red" },
    ];
    expect(thresholdColor(10, t, "black")).toBe("black");
    expect(thresholdColor(60, t)).toBe("orange");
    expect(thresholdColor(95, t)).toBe("red");
    expect(thresholdColor("high", t, "black")).toBe("black");
  });

  it("formats with decimals and units", () => {
    expect(formatKeyValue(21.456, { decimals: 1, unit: "°C" })).toBe("21.5 °C");
    expect(formatKeyValue(undefined, {})).toBe("—");
    expect(formatKeyValue({ a: 1 }, {})).toBe('{"a":1}');
  });
});

describe("toCsv", () => {
  it("writes one row per point with names and quoting", () => {
    const csv = toCsv({ d1: { note: [{ ts: 0, value: 'a,"b"' }] } }, { d1: "pump 1" });
    expect(csv).toBe('entity,key,ts,time,value\npump 1,note,0,1970-01-01T00:00:00.000Z,"a,""b"""\n');
  });
});

describe("data sources", () => {
  it("maps to subscription sources, and to nothing until chosen", () => {
    expect(toSubscriptionSource({ type: "device", deviceId: "" })).toBeNull();
    expect(toSubscriptionSource({ type: "devicesOfProfile", deviceProfileId: "p" })).toEqual({
      query: { type: "devicesOfProfile", deviceProfileId: "p" },
    });
    expect(toSubscriptionSource({ type: "devicesRelatedToAsset", assetId: "a", relationType: "Contains" })).toEqual({
      query: { type: "devicesRelatedToAsset", assetId: "a", relationType: "Contains" },
    });
  });
});

describe("dashboard editing", () => {
  it("adds below, edits, duplicates and removes widgets", () => {
    let config = addWidget(EMPTY_DASHBOARD, "timeseries", "a");
    config = addWidget(config, "value", "b");
    expect(config.layout).toEqual([
      { i: "a", x: 0, y: 0, w: 6, h: 4 },
      { i: "b", x: 0, y: 4, w: 3, h: 2 },
    ]);
    config = replaceWidget(config, { ...config.widgets[1]!, title: "Temperature" });
    config = duplicateWidget(config, "b", "c");
    expect(config.widgets.map((w) => w.title)).toEqual(["Chart", "Temperature", "Temperature (copy)"]);
    expect(config.layout.at(-1)).toEqual({ i: "c", x: 0, y: 6, w: 3, h: 2 });
    config = removeWidget(config, "a");
    expect(config.widgets.map((w) => w.id)).toEqual(["b", "c"]);
    expect(config.layout.map((p) => p.i)).toEqual(["b", "c"]);
  });
});
