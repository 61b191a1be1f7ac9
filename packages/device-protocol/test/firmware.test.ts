import { describe, expect, it } from "vitest";
import { classifyPublishTopic, isAllowedSubscription } from "../src/topics.ts";
import { firmwareResponseTopic, parseChunkSize } from "../src/firmware.ts";

describe("ThingsBoard's OTA topics", () => {
  it("classifies chunk requests of firmware and software, and nothing else under v2/fw", () => {
    expect(classifyPublishTopic("v2/fw/request/12/chunk/3", { gateway: false })).toEqual({
      kind: "firmwareChunk",
      type: "FIRMWARE",
      requestId: "12",
      chunk: 3,
    });
    expect(classifyPublishTopic("v2/sw/request/1/chunk/0", { gateway: false })).toMatchObject({ type: "SOFTWARE" });
    for (const topic of [
      "v2/fw/request/x/chunk/0",
      "v2/fw/request/1/chunk/",
      "v2/fw/response/1/chunk/0",
      "v2/fw/error",
    ])
      expect(classifyPublishTopic(topic, { gateway: false })).toBeNull();
  });

  it("lets a device subscribe to its responses and errors only", () => {
    for (const filter of [
      "v2/fw/response/+/chunk/+",
      "v2/fw/error",
      "v2/sw/response/+/chunk/+",
      "v2/fw/response/7/chunk/+",
    ])
      expect(isAllowedSubscription(filter, { gateway: false })).toBe(true);
    for (const filter of ["v2/fw/#", "v2/fw/request/+/chunk/+", "v2/#"])
      expect(isAllowedSubscription(filter, { gateway: false })).toBe(false);
    expect(firmwareResponseTopic("SOFTWARE", "9", 2)).toBe("v2/sw/response/9/chunk/2");
  });

  it("reads the chunk size: digits, or nothing for the whole file", () => {
    expect(parseChunkSize(Buffer.from("4096"))).toBe(4096);
    expect(parseChunkSize(Buffer.alloc(0))).toBe(0);
    expect(parseChunkSize(Buffer.from("-1"))).toBeNull();
    expect(parseChunkSize(Buffer.from('{"size":1}'))).toBeNull();
  });
});
