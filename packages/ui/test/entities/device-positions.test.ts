import { describe, expect, it } from "vitest";
import { devicePositions } from "../../src/widgets/device-positions.ts";

const device = (id: string) => ({ type: "DEVICE" as const, id, name: `Device ${id}` });
const point = (value: unknown, ts = 1) => [{ ts, value }];

describe("devicePositions (the map's markers)", () => {
  it("places a device by server attributes or by telemetry, numbers or numeric strings", () => {
    const positions = devicePositions([device("a"), device("b")], {
      SERVER: { a: { latitude: point(52.52), longitude: point(13.405) } },
      telemetry: { b: { latitude: point("48.137"), longitude: point("11.575") } },
    });
    expect(positions).toEqual([
      { id: "a", name: "Device a", lat: 52.52, lng: 13.405 },
      { id: "b", name: "Device b", lat: 48.137, lng: 11.575 },
    ]);
  });

  it("takes the newest pair when attributes and telemetry both have one (a device that moved)", () => {
    const [moved] = devicePositions([device("a")], {
      SERVER: { a: { latitude: point(52.52, 100), longitude: point(13.405, 100) } },
      telemetry: { a: { latitude: point(53.55, 200), longitude: point(9.99, 200) } },
    });
    expect(moved).toMatchObject({ lat: 53.55, lng: 9.99 });
  });

  it("leaves off devices with half a position, out-of-range or non-numeric coordinates", () => {
    const positions = devicePositions([device("a"), device("b"), device("c"), device("d")], {
      telemetry: {
        a: { latitude: point(52.5) },
        b: { latitude: point(95), longitude: point(10) },
        c: { latitude: point("north"), longitude: point(10) },
        d: { latitude: point(""), longitude: point(10) },
      },
    });
    expect(positions).toEqual([]);
  });
});
