import { dashboardConfigSchema, EMPTY_DASHBOARD } from "@industryos/dashboard-schema";
import { describe, expect, it } from "vitest";
import { publicDashboardGrants } from "../src/auth/public-dashboard-grants.ts";

const profileId = "6f1d6a52-3f0c-4f0e-9d38-1f7f1f1f1f1f";
const query = { query: { type: "devicesOfProfile", deviceProfileId: profileId } };

describe("a public link's grants for maps, entities tables and dashboard states", () => {
  it("grants a map its location keys in every origin plus its columns, and a table (in a state) its columns", () => {
    const config = dashboardConfigSchema.parse({
      ...EMPTY_DASHBOARD,
      widgets: [
        {
          id: "map",
          kind: "map",
          title: "Map",
          source: { type: "devicesOfProfile", deviceProfileId: profileId },
          tileUrl: "",
          columns: [{ key: "temperature", from: "telemetry" }],
        },
      ],
      states: [
        {
          id: "site",
          name: "Site",
          layout: [],
          widgets: [
            {
              id: "table",
              kind: "entitiesTable",
              title: "Pumps",
              source: { type: "devicesOfProfile", deviceProfileId: profileId },
              columns: [
                { key: "site", from: "SERVER" },
                { key: "", from: "CLIENT" },
              ],
            },
            {
              id: "card",
              kind: "value",
              title: "Clicked pump",
              source: { type: "entityFromState" },
              keys: [{ key: "temperature" }],
              thresholds: [],
            },
          ],
        },
      ],
    });
    expect(publicDashboardGrants(config)).toEqual([
      { source: query, read: { type: "latest", keys: ["latitude", "longitude", "temperature"] } },
      { source: query, read: { type: "attributes", scope: "SERVER", keys: ["latitude", "longitude"] } },
      { source: query, read: { type: "attributes", scope: "SHARED", keys: ["latitude", "longitude"] } },
      { source: query, read: { type: "attributes", scope: "CLIENT", keys: ["latitude", "longitude"] } },
      // The table: its one named column (a blank one grants nothing); the entity-from-state card grants nothing.
      { source: query, read: { type: "attributes", scope: "SERVER", keys: ["site"] } },
    ]);
  });

  it("grants a state's entity-from-state widgets the sources of the widgets that open that state, and nothing without one", () => {
    const pumpId = "0b6c7d1e-2f3a-4b5c-8d9e-0f1a2b3c4d5e";
    const card = (id: string) => ({
      id,
      kind: "value",
      title: "Clicked pump",
      source: { type: "entityFromState" },
      keys: [{ key: "temperature" }],
      thresholds: [],
    });
    const config = dashboardConfigSchema.parse({
      ...EMPTY_DASHBOARD,
      widgets: [
        {
          id: "table",
          kind: "entitiesTable",
          title: "Pumps",
          source: { type: "devicesOfProfile", deviceProfileId: profileId },
          columns: [{ key: "site", from: "SERVER" }],
          detailStateId: "details",
        },
        // A second opener of the same state with the same source counts once.
        {
          id: "map",
          kind: "map",
          title: "Map",
          source: { type: "devicesOfProfile", deviceProfileId: profileId },
          tileUrl: "",
          columns: [],
          detailStateId: "details",
        },
      ],
      states: [
        { id: "details", name: "Details", layout: [], widgets: [card("card")] },
        { id: "unopened", name: "Nobody opens this", layout: [], widgets: [card("lonely")] },
      ],
    });
    const grants = publicDashboardGrants(config);
    expect(grants.filter((g) => "entityOf" in g.source)).toEqual([
      { source: { entityOf: [query] }, read: { type: "latest", keys: ["temperature"] } },
    ]);
    expect(grants.some((g) => "entity" in g.source && g.source.entity.id === pumpId)).toBe(false);
  });

  it("grants a state chart its keys' history in the window, a bar chart and an image's markers their latest values", () => {
    const device = { type: "device", deviceId: "0b6c7d1e-2f3a-4b5c-8d9e-0f1a2b3c4d5e" };
    const config = dashboardConfigSchema.parse({
      ...EMPTY_DASHBOARD,
      widgets: [
        { id: "states", kind: "stateChart", title: "Running", source: device, keys: [{ key: "running" }] },
        {
          id: "bars",
          kind: "barByEntity",
          title: "By pump",
          source: { type: "devicesOfProfile", deviceProfileId: profileId },
          keys: [{ key: "temperature" }],
        },
        {
          id: "image",
          kind: "image",
          title: "Plant",
          source: device,
          imageUrl: "https://example.com/plant.png",
          markers: [
            { key: "pressure", x: 10, y: 90 },
            { key: "", x: 50, y: 50 },
          ],
        },
      ],
    });
    const entity = { entity: { type: "DEVICE", id: device.deviceId } };
    expect(publicDashboardGrants(config)).toEqual([
      { source: entity, read: { type: "timeseries", keys: ["running"], window: { lastMs: 3_600_000 } } },
      { source: query, read: { type: "latest", keys: ["temperature"] } },
      { source: entity, read: { type: "latest", keys: ["pressure"] } },
    ]);
  });
});
