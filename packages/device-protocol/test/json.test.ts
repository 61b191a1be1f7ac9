import { describe, expect, it } from "vitest";
import {
  decodeJsonPayload,
  MAX_JSON_DEPTH,
  parseAttributes,
  parseGatewayTelemetry,
  parseTelemetry,
} from "../src/index.ts";

const NOW = 1_700_000_000_000;
const nested = (depth: number) => "[".repeat(depth) + "]".repeat(depth);

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe("decodeJsonPayload: nesting depth", () => {
  it(`accepts ${MAX_JSON_DEPTH} levels and refuses one more with INVALID_PAYLOAD`, () => {
    expect(decodeJsonPayload(Buffer.from(nested(MAX_JSON_DEPTH)), 1_000_000)).toBeDefined();
    expect(codeOf(() => decodeJsonPayload(Buffer.from(nested(MAX_JSON_DEPTH + 1)), 1_000_000))).toBe("INVALID_PAYLOAD");
  });

  it("refuses a document nested 50,000 deep (which JSON.stringify cannot serialise back)", () => {
    const text = `{"v":${"[".repeat(50_000)}${"]".repeat(50_000)}}`;
    expect(codeOf(() => decodeJsonPayload(Buffer.from(text), 1_000_000))).toBe("INVALID_PAYLOAD");
  });

  it("counts only brackets outside strings, and many shallow objects are fine", () => {
    expect(decodeJsonPayload(`{"s":"${"[{".repeat(200)}"}`, 1_000_000)).toEqual({ s: "[{".repeat(200) });
    const many = JSON.stringify(Array.from({ length: 500 }, (_, i) => ({ ts: i, values: { t: [i] } })));
    expect((decodeJsonPayload(many, 1_000_000) as unknown[]).length).toBe(500);
  });

  it("honours a configured depth", () => {
    expect(codeOf(() => decodeJsonPayload('{"a":{"b":{}}}', 100, { maxDepth: 2 }))).toBe("INVALID_PAYLOAD");
  });
});

describe("decodeJsonPayload: UTF-8", () => {
  it.each([
    ["a lone continuation byte", [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0x80, 0x22, 0x7d]],
    ["a truncated sequence", [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe2, 0x82, 0x22, 0x7d]],
    ["an overlong encoding", [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc0, 0xaf, 0x22, 0x7d]],
  ])("refuses %s instead of storing U+FFFD", (_name, bytes) => {
    expect(codeOf(() => decodeJsonPayload(Buffer.from(bytes), 100))).toBe("INVALID_PAYLOAD");
  });

  it("accepts multi-byte UTF-8", () => {
    expect(decodeJsonPayload(Buffer.from('{"t":"20 °C ✓ 😀"}'), 100)).toEqual({ t: "20 °C ✓ 😀" });
  });
});

describe("whole doubles stay DOUBLE (ThingsBoard's JsonConverter)", () => {
  const types = (text: string) =>
    Object.fromEntries(parseTelemetry(decodeJsonPayload(text, 10_000), NOW).map((p) => [p.key, p.value]));

  it("keeps 20.0 a DOUBLE and 20 a LONG", () => {
    expect(types('{"a":20.0,"b":20,"c":-3.00,"d":21.5,"e":2e1,"f":1.0e3,"g":0.0}')).toEqual({
      a: { type: "DOUBLE", value: 20 },
      b: { type: "LONG", value: 20 },
      c: { type: "DOUBLE", value: -3 },
      d: { type: "DOUBLE", value: 21.5 },
      // An exponent makes a whole number LONG in ThingsBoard too.
      e: { type: "LONG", value: 20 },
      f: { type: "LONG", value: 1000 },
      g: { type: "DOUBLE", value: 0 },
    });
  });

  it("in the timestamped and array forms, with strings and repeated keys around", () => {
    const text = '[{"ts":1000,"values":{"x":"1.0","t":5.0,"u":7}},{"ts":2000,"values":{"t":5,"t":6.00}}]';
    expect(parseTelemetry(decodeJsonPayload(text, 10_000), NOW)).toEqual([
      { ts: 1000, key: "x", value: { type: "STRING", value: "1.0" } },
      { ts: 1000, key: "t", value: { type: "DOUBLE", value: 5 } },
      { ts: 1000, key: "u", value: { type: "LONG", value: 7 } },
      { ts: 2000, key: "t", value: { type: "DOUBLE", value: 6 } },
    ]);
  });

  it("for escaped keys, attributes and gateway telemetry", () => {
    expect(parseAttributes(decodeJsonPayload('{"k\\u0041":1.0, "n" : 2}', 1000))).toEqual([
      { key: "kA", value: { type: "DOUBLE", value: 1 } },
      { key: "n", value: { type: "LONG", value: 2 } },
    ]);
    const gateway = parseGatewayTelemetry(decodeJsonPayload('{"Dev A":[{"ts":1000,"values":{"t":20.0}}]}', 1000), NOW);
    expect(gateway[0]!.points).toEqual([{ ts: 1000, key: "t", value: { type: "DOUBLE", value: 20 } }]);
  });
});
