import { describe, expect, it } from "vitest";
import {
  deadLetterFields,
  debugEventFields,
  partitionOf,
  partitionOfMessage,
  readDeadLetter,
  readDebugEvent,
} from "../src/index.ts";

describe("dead letters", () => {
  it("reads back what was written", () => {
    const letter = {
      message: '{"deviceId":"d1"}',
      error: "boom",
      attempts: 4,
      failedAt: 1_733_500_000_000,
      stream: "rule-engine:3",
    };
    expect(readDeadLetter(deadLetterFields(letter))).toEqual(letter);
    const { stream: _stream, ...withoutStream } = letter;
    expect(readDeadLetter(deadLetterFields(withoutStream))).toEqual(withoutStream);
  });

  it("finds a message's partition by its originator, else by its stream", () => {
    expect(partitionOfMessage({ deviceId: "d1" })).toBe(partitionOf("d1"));
    expect(partitionOfMessage({ entityType: "ASSET", entityId: "a1" })).toBe(partitionOf("a1"));
    expect(partitionOfMessage({ originatorType: "DEVICE", originatorId: "o1" })).toBe(partitionOf("o1"));
    expect(partitionOfMessage({ originator: { type: "DEVICE", id: "r1" } })).toBe(partitionOf("r1"));
    expect(partitionOfMessage({}, "rule-engine:5")).toBe(5);
    expect(partitionOfMessage({}, "rule-engine:99")).toBeUndefined();
    expect(partitionOfMessage("text")).toBeUndefined();
  });
});

describe("debug events", () => {
  it("reads back what was written, and nothing from an entry without an event", () => {
    const event = {
      nodeId: "n1",
      input: { a: 1 },
      outputs: [{ relation: "True", message: { a: 1 } }],
      durationMs: 1,
      ts: 5,
    };
    expect(readDebugEvent(debugEventFields(event))).toEqual(event);
    expect(readDebugEvent(["other", "x"])).toBeNull();
    expect(readDebugEvent(["event", "{not json"])).toBeNull();
  });
});
