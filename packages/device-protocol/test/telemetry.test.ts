import { describe, expect, it } from "vitest";
import { type DeviceProtocolError, decodeJsonPayload, parseTelemetry } from "../src/index.ts";

const NOW = 1_700_000_000_000;

describe("parseTelemetry", () => {
  it("stamps a flat object with the receive time and types each value", () => {
    expect(parseTelemetry({ temperature: 21.5, count: 3, on: true, mode: "auto", cfg: { a: 1 } }, NOW)).toEqual([
      { ts: NOW, key: "temperature", value: { type: "DOUBLE", value: 21.5 } },
      { ts: NOW, key: "count", value: { type: "LONG", value: 3 } },
      { ts: NOW, key: "on", value: { type: "BOOLEAN", value: true } },
      { ts: NOW, key: "mode", value: { type: "STRING", value: "auto" } },
      { ts: NOW, key: "cfg", value: { type: "JSON", value: { a: 1 } } },
    ]);
  });

  it("keeps the device's timestamp in the {ts, values} form", () => {
    expect(parseTelemetry({ ts: 1000, values: { t: 1 } }, NOW)).toEqual([
      { ts: 1000, key: "t", value: { type: "LONG", value: 1 } },
    ]);
  });

  it("accepts an array mixing both forms", () => {
    const points = parseTelemetry([{ ts: 1000, values: { t: 1 } }, { h: 2 }], NOW);
    expect(points.map((p) => [p.ts, p.key])).toEqual([
      [1000, "t"],
      [NOW, "h"],
    ]);
  });

  it.each([
    ["a string", "hello"],
    ["a number", 42],
    ["null values", { t: null }],
    ["a negative ts", { ts: -1, values: { t: 1 } }],
    ["values that are not an object", { ts: 1, values: [1] }],
    ["an empty key", { "": 1 }],
    ["a ts more than a day ahead", { ts: NOW + 2 * 86_400_000, values: { t: 1 } }],
    ["a NUL character in a string", { s: "a\u0000b" }],
    ["a NUL character in a key", { "a\u0000": 1 }],
    ["a NUL character inside JSON", { j: { s: "\u0000" } }],
  ])("refuses %s with INVALID_PAYLOAD", (_name, payload) => {
    expect(() => parseTelemetry(payload, NOW)).toThrow(expect.objectContaining({ code: "INVALID_PAYLOAD" }));
  });
});

describe("telemetry without values", () => {
  it.each([
    ["{}", {}],
    ["[]", []],
    ['{"ts", "values": {}}', { ts: 1000, values: {} }],
  ])("%s has no points (ThingsBoard accepts it and stores nothing)", (_name, payload) => {
    expect(parseTelemetry(payload, NOW)).toEqual([]);
  });
});

describe("decodeJsonPayload", () => {
  it("parses JSON within the limit", () => {
    expect(decodeJsonPayload(Buffer.from('{"a":1}'), 100)).toEqual({ a: 1 });
  });

  it("refuses an oversized payload before parsing it", () => {
    const error = (() => {
      try {
        decodeJsonPayload(Buffer.alloc(200, 0x20), 100);
      } catch (e) {
        return e as DeviceProtocolError;
      }
    })();
    expect(error?.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("refuses invalid JSON", () => {
    expect(() => decodeJsonPayload("{nope", 100)).toThrow(expect.objectContaining({ code: "INVALID_JSON" }));
  });
});
