import { describe, expect, it } from "vitest";
import { dashboardConfigSchema, EMPTY_DASHBOARD, type DashboardConfig, type WidgetConfig } from "../src/index.ts";

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

describe("dashboard states and entity widgets", () => {
  const table = {
    id: "t1",
    title: "Pumps",
    kind: "entitiesTable" as const,
    source: { type: "devicesOfProfile" as const, deviceProfileId: "" },
    columns: [{ key: "temperature", from: "telemetry" as const }],
    detailStateId: "pump",
  };
  const detailChart = { ...chart.widgets[0]!, id: "w2", source: { type: "entityFromState" } } as WidgetConfig;
  const withDetail: DashboardConfig = {
    ...EMPTY_DASHBOARD,
    widgets: [table],
    layout: [{ i: "t1", x: 0, y: 0, w: 6, h: 4 }],
    states: [
      {
        id: "pump",
        name: "Pump",
        widgets: [detailChart],
        layout: [{ i: "w2", x: 0, y: 0, w: 6, h: 4 }],
      },
    ],
  };

  it("keeps a dashboard saved before states existed valid and unchanged (no states key added)", () => {
    const saved = JSON.parse(JSON.stringify(chart)) as unknown;
    const parsed = dashboardConfigSchema.parse(saved);
    expect(parsed).toEqual(chart);
    expect("states" in parsed).toBe(false);
  });

  it("accepts a table whose clicks open a detail state with an entity-from-state chart", () => {
    expect(dashboardConfigSchema.parse(withDetail)).toEqual(withDetail);
  });

  it("refuses a click target that is no state, a widget id used in two states, and a layout naming another state's widget", () => {
    const problems = (config: unknown) =>
      dashboardConfigSchema.safeParse(config).error?.issues.map((i) => i.message) ?? [];
    expect(problems({ ...withDetail, states: [] })).toEqual([
      "a widget's detail state must be one of the dashboard's states",
    ]);
    const state = withDetail.states![0]!;
    expect(problems({ ...withDetail, states: [{ ...state, widgets: [{ ...state.widgets[0], id: "t1" }] }] })).toContain(
      "widget ids must be unique",
    );
    expect(problems({ ...withDetail, states: [{ ...state, layout: [{ i: "t1", x: 0, y: 0, w: 1, h: 1 }] }] })).toEqual([
      "every layout entry must name a widget of its state",
    ]);
    expect(problems({ ...withDetail, states: [state, state] })).toContain("state ids must be unique");
  });
});
