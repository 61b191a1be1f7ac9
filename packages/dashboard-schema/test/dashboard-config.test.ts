import { describe, expect, it } from "vitest";
import { dashboardConfigSchema, EMPTY_DASHBOARD, type DashboardConfig } from "../src/index.ts";

const chart: DashboardConfig = {
  ...EMPTY_DASHBOARD,
  widgets: [
    {
      id: "w1",
      title: "Temperature",
      kind: "timeseries",
      source: { type: "device", deviceId: "" },
      keys: [{ key: "temperature", color: "#ff0000" }],
      chart: "line",
    },
  ],
  layout: [{ i: "w1", x: 0, y: 0, w: 6, h: 4 }],
};

describe("dashboardConfigSchema", () => {
  it("accepts the empty dashboard and a chart, and returns them unchanged", () => {
    expect(dashboardConfigSchema.parse(EMPTY_DASHBOARD)).toEqual(EMPTY_DASHBOARD);
    expect(dashboardConfigSchema.parse(chart)).toEqual(chart);
  });

  it("refuses duplicate widget ids, layout entries naming no widget and unknown kinds", () => {
    expect(dashboardConfigSchema.safeParse({ ...chart, widgets: [...chart.widgets, ...chart.widgets] }).success).toBe(
      false,
    );
    expect(dashboardConfigSchema.safeParse({ ...chart, layout: [{ i: "nope", x: 0, y: 0, w: 1, h: 1 }] }).success).toBe(
      false,
    );
    expect(
      dashboardConfigSchema.safeParse({ ...EMPTY_DASHBOARD, widgets: [{ id: "x", kind: "clock", title: "" }] }).success,
    ).toBe(false);
  });
});
