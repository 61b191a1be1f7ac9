import { dashboardConfigSchema } from "@industryos/dashboard-schema";
import { describe, expect, it } from "vitest";
import { addWidget } from "../../src/dashboard/dashboard-editor.ts";
import { addState, bindStateEntity, removeState, screenOf, withScreen } from "../../src/dashboard/dashboard-states.ts";
import { stateNameProblem } from "../../src/dashboard/state-picker.tsx";
import { searchWithStateView, stateViewFromSearch } from "../../src/dashboard/state-url.ts";
import { newWidget } from "../../src/widgets/new-widget.ts";
import { widgetSettingsProblems } from "../../src/widgets/settings-problems.ts";
import { EMPTY_DASHBOARD } from "../../src/widgets/widget-config.ts";

describe("dashboard states", () => {
  const withTable = addWidget(EMPTY_DASHBOARD, "entitiesTable", "t1");
  const withState = addState(withTable, "details", "Device details");

  it("edits a named state's widgets without touching the default state's, and the result saves", () => {
    const details = addWidget(screenOf(withState, "details"), "value", "v1");
    const edited = withScreen(withState, "details", details);
    expect(screenOf(edited, null).widgets.map((w) => w.id)).toEqual(["t1"]);
    expect(screenOf(edited, "details").widgets.map((w) => w.id)).toEqual(["v1"]);
    const linked = withScreen(edited, null, {
      ...screenOf(edited, null),
      widgets: edited.widgets.map((w) => ({ ...w, detailStateId: "details" })),
    });
    expect(dashboardConfigSchema.safeParse(linked).success).toBe(true);
    // Removing the state unlinks the table's clicks, so the dashboard still saves.
    const removed = removeState(linked, "details");
    expect(removed.states).toEqual([]);
    expect(removed.widgets[0]).not.toHaveProperty("detailStateId", "details");
    expect(dashboardConfigSchema.safeParse(removed).success).toBe(true);
  });

  it("shows the default state for a state that no longer exists", () => {
    expect(screenOf(withState, "gone").widgets.map((w) => w.id)).toEqual(["t1"]);
  });

  it("binds an entity-from-state widget to the clicked device, and to no device while none was clicked", () => {
    const card = { ...newWidget("value", "v1"), source: { type: "entityFromState" as const } };
    expect(bindStateEntity(card, "dev-1")).toMatchObject({ source: { type: "device", deviceId: "dev-1" } });
    expect(bindStateEntity(card, null)).toMatchObject({ source: { type: "device", deviceId: "" } });
    const fixed = newWidget("value", "v2");
    expect(bindStateEntity(fixed, "dev-1")).toBe(fixed);
  });

  it("names problems with a new state's name in words", () => {
    expect(stateNameProblem(withState, "  ")).toBe("Give the state a name.");
    expect(stateNameProblem(withState, "device DETAILS")).toBe("This dashboard already has a state with this name.");
    expect(stateNameProblem(withState, "Site")).toBeNull();
  });
});

describe("map and entities-table settings problems", () => {
  it("accepts the defaults and an empty tile URL (no tiles, offline)", () => {
    expect(widgetSettingsProblems(newWidget("map", "m"))).toEqual({});
    expect(widgetSettingsProblems({ ...newWidget("map", "m"), tileUrl: "" } as never)).toEqual({});
    expect(widgetSettingsProblems(newWidget("entitiesTable", "t"))).toEqual({});
  });

  it("explains a tile URL that is no URL or lacks the tile placeholders, and an empty column key", () => {
    const map = newWidget("map", "m");
    expect(widgetSettingsProblems({ ...map, tileUrl: "tiles.local" } as never).tileUrl).toMatch(
      /http:\/\/ or https:\/\//,
    );
    expect(widgetSettingsProblems({ ...map, tileUrl: "https://tiles.local/{z}.png" } as never).tileUrl).toMatch(
      /\{z\}, \{x\} and \{y\}/,
    );
    const table = newWidget("entitiesTable", "t");
    expect(widgetSettingsProblems({ ...table, columns: [{ key: " ", from: "SERVER" }] } as never).columns).toMatch(
      /needs a key/,
    );
  });
});

describe("a dashboard state in the page's URL", () => {
  it("round-trips a state opened for a device, keeping the URL's other parameters", () => {
    const view = { stateId: "details", entity: { id: "dev-1", name: "Pump 7 & co" } };
    const search = searchWithStateView("?tab=x", view);
    expect(stateViewFromSearch(search)).toEqual(view);
    expect(new URLSearchParams(search).get("tab")).toBe("x");
  });

  it("drops the state parameters for the default state, and reads none as the default state", () => {
    expect(searchWithStateView("?state=details&entity=dev-1&entityName=Pump", null)).toBe("");
    expect(stateViewFromSearch("")).toBeNull();
    expect(stateViewFromSearch("?state=details")).toEqual({ stateId: "details", entity: null });
  });
});
