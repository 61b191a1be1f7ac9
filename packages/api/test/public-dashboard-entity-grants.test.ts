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
});
