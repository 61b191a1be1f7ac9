import { describe, expect, it } from "vitest";
import { stateColors, stateOf, stateSegments } from "../../src/widgets/state-chart/state-segments.ts";

describe("a state chart's timeline", () => {
  it("lasts each state until the next change, merges repeats, clips to the window and ends at its end", () => {
    const points = [
      { ts: 50, value: true },
      { ts: 200, value: "on" },
      { ts: 300, value: 0 },
      { ts: 700, value: "fault" },
    ];
    expect(stateSegments(points, 100, 1000)).toEqual([
      { start: 100, end: 300, state: "On" },
      { start: 300, end: 700, state: "Off" },
      { start: 700, end: 1000, state: "fault" },
    ]);
  });

  it("leaves the time before the first point empty and draws nothing without points", () => {
    expect(stateSegments([{ ts: 500, value: "false" }], 0, 1000)).toEqual([{ start: 500, end: 1000, state: "Off" }]);
    expect(stateSegments([], 0, 1000)).toEqual([]);
  });

  it("names boolean spellings On/Off and colours them green and grey, other states from the palette", () => {
    expect([true, "TRUE", 1, "yes", false, "0", "off", "idle"].map(stateOf)).toEqual([
      "On",
      "On",
      "On",
      "On",
      "Off",
      "Off",
      "Off",
      "idle",
    ]);
    const colors = stateColors(["Off", "On", "idle", "fault", "idle"]);
    expect(colors.get("On")).toBe("#16a34a");
    expect(colors.get("Off")).toBe("#cbd5e1");
    expect(colors.get("idle")).not.toBe(colors.get("fault"));
    expect(colors.size).toBe(4);
  });
});
