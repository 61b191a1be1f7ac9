import { describe, expect, it } from "vitest";
import {
  formatAttributeResponse,
  parseAttributeRequest,
  parseAttributes,
  parseGatewayAttributeRequest,
  parseGatewayConnect,
  parseGatewayTelemetry,
  parseProvisionRequest,
  partitionOf,
} from "../src/index.ts";

describe("attributes", () => {
  it("parses a flat attribute object", () => {
    expect(parseAttributes({ fw: "1.0", n: 2 })).toEqual([
      { key: "fw", value: { type: "STRING", value: "1.0" } },
      { key: "n", value: { type: "LONG", value: 2 } },
    ]);
  });

  it("refuses arrays as attributes", () => {
    expect(() => parseAttributes([{ a: 1 }])).toThrow(expect.objectContaining({ code: "INVALID_PAYLOAD" }));
  });

  it("reads comma-separated key lists and leaves absent scopes as 'all'", () => {
    expect(parseAttributeRequest({ clientKeys: "a, b", sharedKeys: "" })).toEqual({
      clientKeys: ["a", "b"],
      sharedKeys: [],
    });
    expect(parseAttributeRequest({})).toEqual({ clientKeys: null, sharedKeys: null });
    expect(parseAttributeRequest({ sharedKeys: ["x"] })).toEqual({ clientKeys: null, sharedKeys: ["x"] });
  });

  it("formats the ThingsBoard response body", () => {
    expect(formatAttributeResponse({ client: [{ key: "a", value: { type: "LONG", value: 1 } }], shared: [] })).toEqual({
      client: { a: 1 },
    });
  });
});

describe("gateway payloads", () => {
  it("parses telemetry per sub-device", () => {
    const parsed = parseGatewayTelemetry({ "Dev A": [{ ts: 5, values: { t: 1 } }], "Dev B": { h: 2 } }, 99);
    expect(parsed).toEqual([
      // With each sub-device's part as sent: the rule engine receives it as the message's data.
      {
        device: "Dev A",
        points: [{ ts: 5, key: "t", value: { type: "LONG", value: 1 } }],
        payload: [{ ts: 5, values: { t: 1 } }],
      },
      { device: "Dev B", points: [{ ts: 99, key: "h", value: { type: "LONG", value: 2 } }], payload: { h: 2 } },
    ]);
  });

  it("validates connect and attribute requests", () => {
    expect(parseGatewayConnect({ device: "Dev A", type: "thermo" })).toEqual({ device: "Dev A", type: "thermo" });
    expect(() => parseGatewayConnect({ type: "thermo" })).toThrow(/device/);
    expect(parseGatewayAttributeRequest({ id: 1, device: "Dev A", client: true, key: "fw" })).toMatchObject({
      id: 1,
      client: true,
      key: "fw",
    });
    expect(() => parseGatewayAttributeRequest({ id: 1, device: "Dev A" })).toThrow(/key/);
  });

  it("validates provision requests", () => {
    expect(
      parseProvisionRequest({ deviceName: "d", provisionDeviceKey: "k", provisionDeviceSecret: "s" }),
    ).toMatchObject({ deviceName: "d" });
    expect(() => parseProvisionRequest({ deviceName: "d" })).toThrow(/provision/);
  });
});

describe("partitionOf", () => {
  it("is stable and within range", () => {
    const p = partitionOf("3f0c2b58-8a3e-4c0e-9b43-1b2a5e7f0c11");
    expect(p).toBe(partitionOf("3f0c2b58-8a3e-4c0e-9b43-1b2a5e7f0c11"));
    expect(p).toBeGreaterThanOrEqual(0);
    expect(p).toBeLessThan(8);
  });
});
