import { describe, expect, it } from "vitest";
import { nextSort, sortEntityRows } from "../../src/widgets/entity-sort.ts";
import { entityRows, keysFrom } from "../../src/widgets/entity-values.ts";

const entities = [
  { type: "DEVICE" as const, id: "a", name: "Pump 10" },
  { type: "DEVICE" as const, id: "b", name: "Pump 2" },
  { type: "DEVICE" as const, id: "c", name: "Boiler" },
];
const columns = [
  { key: "temperature", from: "telemetry" as const },
  { key: "site", from: "SERVER" as const },
];
const values = {
  telemetry: { a: { temperature: [{ ts: 1, value: 9.5 }] }, b: { temperature: [{ ts: 1, value: 71 }] } },
  SERVER: {
    a: { site: [{ ts: 1, value: "North" }] },
    b: { site: [{ ts: 1, value: "east" }] },
    c: { site: [{ ts: 1, value: "South" }] },
  },
};
const rows = entityRows(entities, columns, values);
const names = (sorted: typeof rows) => sorted.map((r) => r.name);

describe("entities table rows and sorting", () => {
  it("reads each column from its origin: telemetry and attributes side by side", () => {
    expect(rows.find((r) => r.id === "a")?.values).toEqual([9.5, "North"]);
    expect(rows.find((r) => r.id === "c")?.values).toEqual([undefined, "South"]);
  });

  it("sorts names naturally (Pump 2 before Pump 10) and both ways", () => {
    expect(names(sortEntityRows(rows, { column: "name", descending: false }))).toEqual(["Boiler", "Pump 2", "Pump 10"]);
    expect(names(sortEntityRows(rows, { column: "name", descending: true }))).toEqual(["Pump 10", "Pump 2", "Boiler"]);
  });

  it("sorts numbers by value, not as text, and keeps devices without a value last either way", () => {
    expect(names(sortEntityRows(rows, { column: 0, descending: false }))).toEqual(["Pump 10", "Pump 2", "Boiler"]);
    expect(names(sortEntityRows(rows, { column: 0, descending: true }))).toEqual(["Pump 2", "Pump 10", "Boiler"]);
  });

  it("sorts text case-insensitively", () => {
    expect(names(sortEntityRows(rows, { column: 1, descending: false }))).toEqual(["Pump 2", "Pump 10", "Boiler"]);
  });

  it("a header click sorts by that column ascending, a second click flips it", () => {
    const byTemperature = nextSort({ column: "name", descending: false }, 0);
    expect(byTemperature).toEqual({ column: 0, descending: false });
    expect(nextSort(byTemperature, 0)).toEqual({ column: 0, descending: true });
  });

  it("subscribes to each key once per origin, leaving out a key still being typed", () => {
    const fields = [
      ...columns,
      { key: "temperature", from: "telemetry" as const },
      { key: "", from: "SERVER" as const },
    ];
    expect(keysFrom(fields, "telemetry")).toEqual(["temperature"]);
    expect(keysFrom(fields, "SERVER")).toEqual(["site"]);
    expect(keysFrom(fields, "CLIENT")).toEqual([]);
  });
});
