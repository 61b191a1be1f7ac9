import { describe, expect, it } from "vitest";
import {
  compare,
  compileRule,
  evaluateSpec,
  scheduleActive,
  type Facts,
} from "../src/rules/profile-alarms/conditions.ts";

const facts = (ts: Record<string, unknown>, attrs: Record<string, unknown> = {}, inherited = attrs): Facts => ({
  timeseries: (k) => ts[k],
  attribute: (k) => attrs[k],
  threshold: (k) => inherited[k],
});

describe("alarm rule conditions", () => {
  it("compares as the threshold's type says; a missing side never matches", () => {
    expect(compare(31, ">", 30)).toBe(true);
    expect(compare("31.5", ">", 30)).toBe(true);
    expect(compare(31, ">", "30")).toBe(true); // a threshold from a STRING attribute
    expect(compare("abc", ">", 30)).toBe(false);
    expect(compare(true, "==", true)).toBe(true);
    expect(compare("false", "!=", true)).toBe(true);
    expect(compare(1, "==", true)).toBe(false);
    expect(compare("ON", "==", "ON")).toBe(true);
    expect(compare(undefined, "!=", 5)).toBe(false);
    expect(compare(5, "!=", undefined)).toBe(false);
  });

  it("ANDs TIME_SERIES, ATTRIBUTE and CONSTANT conditions, with a threshold's default while its attribute is missing", () => {
    const spec = {
      conditions: [
        {
          source: "TIME_SERIES" as const,
          key: "temperature",
          op: ">" as const,
          value: { attribute: "max", default: 30 },
        },
        { source: "ATTRIBUTE" as const, key: "mode", op: "==" as const, value: "strict" },
        { source: "CONSTANT" as const, constant: true, op: "==" as const, value: { attribute: "alarmsEnabled" } },
      ],
    };
    expect(evaluateSpec(spec, facts({ temperature: 31 }, { mode: "strict", alarmsEnabled: true }))).toEqual({
      matched: true,
      values: { temperature: 31, mode: "strict" },
      thresholds: { max: 30, alarmsEnabled: true },
    });
    expect(evaluateSpec(spec, facts({ temperature: 31 }, { mode: "strict" })).matched).toBe(false);
    expect(evaluateSpec(spec, facts({ temperature: 31 }, { mode: "lax", alarmsEnabled: true })).matched).toBe(false);
    expect(
      evaluateSpec(spec, facts({ temperature: 31 }, { mode: "strict", alarmsEnabled: true, max: 35 })).matched,
    ).toBe(false);
  });

  it("compiles a rule's keys, most severe spec first, and tells stateful specs apart", () => {
    const rule = compileRule({
      alarmType: "t",
      create: {
        MINOR: { conditions: [{ source: "TIME_SERIES", key: "a", op: ">", value: 1 }], repeats: 2 },
        CRITICAL: { conditions: [{ source: "ATTRIBUTE", key: "b", op: ">", value: { attribute: "c" } }] },
      },
      clear: { conditions: [{ source: "TIME_SERIES", key: "a", op: "<", value: 1 }], durationSeconds: 60 },
    });
    expect(rule.specs.map((s) => [s.name, s.stateful])).toEqual([
      ["CRITICAL", false],
      ["MINOR", true],
      ["CLEAR", true],
    ]);
    expect([...rule.timeseriesKeys]).toEqual(["a"]);
    expect([...rule.attributeKeys].sort()).toEqual(["b", "c"]);
    expect(rule.alwaysRelevant).toBe(false);
  });

  it("applies a schedule in its time zone", () => {
    // 2025-06-16 is a Monday; 08:30 UTC is 10:30 in Berlin (summer time).
    const monday0830Utc = Date.UTC(2025, 5, 16, 8, 30);
    const hours = (h: number) => h * 3_600_000;
    const berlin = { type: "SPECIFIC_TIME" as const, timezone: "Europe/Berlin", daysOfWeek: [1] };
    expect(scheduleActive(undefined, monday0830Utc)).toBe(true);
    expect(scheduleActive({ ...berlin, startsOn: hours(10), endsOn: hours(11) }, monday0830Utc)).toBe(true);
    expect(scheduleActive({ ...berlin, startsOn: hours(8), endsOn: hours(9) }, monday0830Utc)).toBe(false);
    expect(scheduleActive({ ...berlin, daysOfWeek: [2], startsOn: 0, endsOn: 0 }, monday0830Utc)).toBe(false);
    // Overnight: 22:00 to 06:00.
    expect(scheduleActive({ ...berlin, startsOn: hours(22), endsOn: hours(6) }, Date.UTC(2025, 5, 16, 2))).toBe(true);
    expect(
      scheduleActive(
        {
          type: "CUSTOM",
          timezone: "UTC",
          items: [{ dayOfWeek: 1, enabled: false, startsOn: 0, endsOn: 0 }],
        },
        monday0830Utc,
      ),
    ).toBe(false);
  });
});
