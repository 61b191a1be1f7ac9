import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { toLiveMessage, type DeviceUplink } from "@industryos/device-protocol";

// The live-update JSON is written by hand for speed: it must still be exactly what
// JSON.stringify would give for every value type and any key.
describe("live message", () => {
  it("is valid JSON carrying every point as sent, whatever the key and value", () => {
    const points = [
      { ts: 1, key: "temperature", value: { type: "DOUBLE", value: -21.5e-3 } },
      { ts: 2, key: "count", value: { type: "LONG", value: -9_007_199_254_740_991 } },
      { ts: 3, key: "on", value: { type: "BOOLEAN", value: false } },
      { ts: 4, key: 'quote " back \\ tab \t', value: { type: "STRING", value: 'line\nbreak "q" ünï 🌡️' } },
      { ts: 5, key: "config", value: { type: "JSON", value: { a: [1, { b: null }], s: 'x"y' } } },
    ] as const;
    const uplink: DeviceUplink = {
      type: "TELEMETRY",
      tenantId: randomUUID(),
      deviceId: randomUUID(),
      receivedAt: 1_700_000_000_000,
      points: [...points],
      data: "{}",
    };
    const expected = {
      type: "POST_TELEMETRY_REQUEST",
      tenantId: uplink.tenantId,
      deviceId: uplink.deviceId,
      receivedAt: uplink.receivedAt,
      points: points.map((p) => ({ ts: p.ts, key: p.key, type: p.value.type, value: p.value.value })),
    };
    // Twice: a message does not depend on the ones written before it.
    expect(JSON.parse(toLiveMessage(uplink))).toEqual(expected);
    expect(JSON.parse(toLiveMessage(uplink))).toEqual(expected);
  });
});
