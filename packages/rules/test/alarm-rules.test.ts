import { describe, expect, it } from "vitest";
import { alarmRules } from "../src/alarm-rules.ts";

const paths = (input: unknown) => {
  const result = alarmRules.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => i.path.join("."));
};

describe("alarm rules schema", () => {
  it("accepts simple, duration and repeating conditions, attribute thresholds, constants and schedules", () => {
    expect(
      paths([
        {
          alarmType: "High temperature",
          create: {
            CRITICAL: { conditions: [{ source: "TIME_SERIES", key: "temperature", op: ">", value: 40 }] },
            MAJOR: {
              conditions: [{ source: "TIME_SERIES", key: "temperature", op: ">", value: { attribute: "max" } }],
              durationSeconds: 300,
            },
            MINOR: { conditions: [{ source: "ATTRIBUTE", key: "door", op: "==", value: "open" }], repeats: 3 },
            WARNING: { conditions: [{ source: "CONSTANT", constant: true, op: "==", value: { attribute: "on" } }] },
          },
          clear: { conditions: [{ source: "TIME_SERIES", key: "temperature", op: "<=", value: 25 }] },
          schedule: {
            type: "CUSTOM",
            timezone: "UTC",
            items: [{ dayOfWeek: 1, enabled: true, startsOn: 0, endsOn: 3600000 }],
          },
        },
      ]),
    ).toEqual([]);
  });

  it("names the field of each mistake", () => {
    expect(
      paths([
        {
          alarmType: "",
          create: {
            SEVERE: { conditions: [{ source: "TIME_SERIES", key: "t", op: ">", value: 1 }] },
            MAJOR: { conditions: [{ source: "TIME_SERIES", op: ">", value: 1 }], durationSeconds: 5, repeats: 2 },
            MINOR: { conditions: [{ source: "CONSTANT", op: ">", value: true }] },
          },
          schedule: { type: "SPECIFIC_TIME", timezone: "Mars/Olympus", daysOfWeek: [8], startsOn: 0, endsOn: 1 },
          extra: 1,
        },
        { alarmType: "x", create: {} },
        { alarmType: "x", create: { MAJOR: { conditions: [{ source: "TIME_SERIES", key: "t", op: ">", value: 1 }] } } },
      ]),
    ).toEqual(
      expect.arrayContaining([
        "0.alarmType",
        "0.create",
        "0.create.MAJOR.conditions.0.key",
        "0.create.MAJOR.repeats",
        "0.create.MINOR.conditions.0.constant",
        "0.create.MINOR.conditions.0.op",
        "0.schedule.timezone",
        "0.schedule.daysOfWeek.0",
        "0",
        "1.create",
        "2.alarmType",
      ]),
    );
  });
});
