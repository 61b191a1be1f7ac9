import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  parseTelemetry,
  partitionOf,
  readRuleEngineEntry,
  ruleEngineEntries,
  ruleEngineEntry,
  ruleEngineStream,
  uplinkRuleEngineEntry,
  type DeviceUplink,
  type PlatformEvent,
} from "../src/index.ts";

const tenantId = randomUUID();
const receivedAt = 1_700_000_000_000;

function telemetry(data: string | Uint8Array, deviceId = randomUUID()) {
  const json: unknown = JSON.parse(typeof data === "string" ? data : Buffer.from(data).toString("utf8"));
  return {
    type: "TELEMETRY",
    tenantId,
    deviceId,
    receivedAt,
    points: parseTelemetry(json, receivedAt),
    data,
  } satisfies DeviceUplink;
}

describe("rule-engine stream entries", () => {
  it("carry a batch's messages in order and read back as they were written", () => {
    const messages = [
      { type: "TO_SERVER_RPC_REQUEST", n: 1 },
      { type: "TO_SERVER_RPC_REQUEST", n: 2 },
    ];
    const fields = ruleEngineEntry(messages.map((m) => JSON.stringify(m)));
    expect(fields[0]).toBe("msgs");
    expect(readRuleEngineEntry([...fields])).toEqual(messages);
  });

  it("refuses an entry that is not a batch", () => {
    expect(() => readRuleEngineEntry(["msg", "{}"])).toThrow(/without a msgs field/);
    expect(() => readRuleEngineEntry(["msgs", "{}"])).toThrow(/not an array/);
  });
});

describe("uplink entries", () => {
  it("carry each device's JSON as sent and decode to the points that were stored, in order", () => {
    const [flat, timestamped] = [
      // The payload's bytes as received, with whitespace, non-ASCII text and every value type.
      telemetry(
        Buffer.from(
          ' {"temperature": -21.5e-3, "count": 9007199254740991, "on": false,\n "label": "ünï \\"q\\" 🌡️", "cfg": {"a": [1, null]}} ',
        ),
      ),
      // Timestamped forms, and text rather than bytes (a gateway's part for one sub-device).
      telemetry('[{"ts": 1699999999000, "values": {"t": 1}}, {"ts": 1699999999500, "values": {"t": 2}}]'),
    ] as const;
    const attributes: DeviceUplink = {
      type: "ATTRIBUTES",
      tenantId,
      deviceId: randomUUID(),
      receivedAt,
      scope: "CLIENT",
      attributes: [{ key: "fw", value: { type: "STRING", value: "1.2" } }],
      data: '{"fw":"1.2"}',
    };
    const uplinks = [flat, timestamped, attributes];
    const entry = uplinkRuleEngineEntry(uplinks);
    // Redis hands the entry back as text.
    const messages = readRuleEngineEntry(["msgs", entry.toString("utf8")]) as Record<string, unknown>[];

    expect(messages.map((m) => [m.type, m.deviceId])).toEqual([
      ["POST_TELEMETRY_REQUEST", flat.deviceId],
      ["POST_TELEMETRY_REQUEST", timestamped.deviceId],
      ["POST_ATTRIBUTES_REQUEST", attributes.deviceId],
    ]);
    for (const [i, uplink] of [flat, timestamped].entries()) {
      expect(messages[i]).toMatchObject({ tenantId, receivedAt });
      expect(messages[i]!.points).toEqual(
        uplink.points.map((p) => ({ ts: p.ts, key: p.key, type: p.value.type, value: p.value.value })),
      );
    }
    expect(messages[0]!.data).toEqual({
      temperature: -21.5e-3,
      count: 9007199254740991,
      on: false,
      label: 'ünï "q" 🌡️',
      cfg: { a: [1, null] },
    });
    expect((messages[1]!.points as { ts: number }[]).map((p) => p.ts)).toEqual([1699999999000, 1699999999500]);
    expect(messages[2]).toMatchObject({ scope: "CLIENT", attributes: [{ key: "fw", type: "STRING", value: "1.2" }] });
  });

  it("writes exactly the bytes it sized, for a single message and for none", () => {
    const one = uplinkRuleEngineEntry([telemetry('{"é":1}')]);
    expect(JSON.parse(one.toString("utf8"))).toHaveLength(1);
    expect(uplinkRuleEngineEntry([]).toString()).toBe("[]");
  });

  it("name each message's own tenant, device and receive time, also for a device seen before", () => {
    const deviceId = randomUUID();
    const otherTenant = randomUUID();
    const first = telemetry('{"a":1}', deviceId);
    const later = { ...telemetry('{"a":2}', deviceId), receivedAt: receivedAt + 5 };
    // A device id written under another tenant (ingest never does this; the entry must not guess).
    const foreign = { ...telemetry('{"a":3}', deviceId), tenantId: otherTenant };
    const messages = readRuleEngineEntry([
      "msgs",
      uplinkRuleEngineEntry([first, later, foreign]).toString("utf8"),
    ]) as Record<string, unknown>[];
    expect(messages.map((m) => [m.tenantId, m.deviceId, m.receivedAt, m.data])).toEqual([
      [tenantId, deviceId, receivedAt, { a: 1 }],
      [tenantId, deviceId, receivedAt + 5, { a: 2 }],
      [otherTenant, deviceId, receivedAt, { a: 3 }],
    ]);
  });
});

describe("platform events", () => {
  it("go on their originator's partition and read back with their type, originator, metadata and data", () => {
    const originatorId = randomUUID();
    const event: PlatformEvent = {
      type: "EVENT",
      tenantId,
      msgType: "ALARM",
      originatorType: "DEVICE",
      originatorId,
      receivedAt,
      metadata: { alarmId: "a1", note: 'quoted "text"' },
      data: JSON.stringify({ id: "a1", severity: "MAJOR", details: { t: 31 } }),
    };
    const [entry, ...rest] = ruleEngineEntries([event]);
    expect(rest).toEqual([]);
    expect(entry!.stream).toBe(ruleEngineStream(partitionOf(originatorId)));
    expect(readRuleEngineEntry(["msgs", entry!.entry.toString("utf8")])).toEqual([
      {
        type: "ALARM",
        tenantId,
        originatorType: "DEVICE",
        originatorId,
        metadata: { alarmId: "a1", note: 'quoted "text"' },
        receivedAt,
        data: { id: "a1", severity: "MAJOR", details: { t: 31 } },
      },
    ]);
  });

  it("carry where a resumed rule message enters its chain, its data read as is whatever its type", () => {
    const originatorId = randomUUID();
    const resume = { chainId: randomUUID(), nodeId: "wait-1", relation: "Success", messageId: randomUUID(), ts: 5 };
    const event: PlatformEvent = {
      type: "EVENT",
      tenantId,
      msgType: "POST_TELEMETRY_REQUEST",
      originatorType: "DEVICE",
      originatorId,
      receivedAt,
      metadata: { ts: "5" },
      data: JSON.stringify(["not", "telemetry"]),
      resume,
    };
    const [entry] = ruleEngineEntries([event]);
    expect(readRuleEngineEntry(["msgs", entry!.entry.toString("utf8")])).toEqual([
      {
        type: "POST_TELEMETRY_REQUEST",
        tenantId,
        originatorType: "DEVICE",
        originatorId,
        metadata: { ts: "5" },
        resume,
        receivedAt,
        data: ["not", "telemetry"],
      },
    ]);
  });
});
