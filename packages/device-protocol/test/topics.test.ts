import { describe, expect, it } from "vitest";
import { classifyPublishTopic, isAllowedSubscription, topicMatches } from "../src/index.ts";

describe("classifyPublishTopic", () => {
  it("recognises the device topics", () => {
    expect(classifyPublishTopic("v1/devices/me/telemetry", { gateway: false })).toEqual({ kind: "telemetry" });
    expect(classifyPublishTopic("v2/t", { gateway: false })).toEqual({ kind: "telemetry" });
    expect(classifyPublishTopic("v1/devices/me/attributes/request/7", { gateway: false })).toEqual({
      kind: "attributesRequest",
      requestId: 7,
      short: false,
    });
    expect(classifyPublishTopic("v1/devices/me/rpc/response/12", { gateway: false })).toEqual({
      kind: "rpcResponse",
      requestId: 12,
    });
    expect(classifyPublishTopic("v1/devices/me/rpc/request/3", { gateway: false })).toEqual({
      kind: "rpcRequest",
      requestId: 3,
      short: false,
    });
    expect(classifyPublishTopic("v1/devices/me/claim", { gateway: false })).toEqual({ kind: "claim" });
  });

  it("allows gateway topics only to gateways", () => {
    expect(classifyPublishTopic("v1/gateway/telemetry", { gateway: false })).toBeNull();
    expect(classifyPublishTopic("v1/gateway/telemetry", { gateway: true })).toEqual({ kind: "gatewayTelemetry" });
  });

  it.each([
    "v1/devices/other/telemetry",
    "v1/devices/me/attributes/request/abc",
    "v1/devices/me/rpc/response/",
    "tenants/x/telemetry",
    "#",
  ])("refuses %s", (topic) => {
    expect(classifyPublishTopic(topic, { gateway: true })).toBeNull();
  });
});

describe("isAllowedSubscription", () => {
  it("allows the device's own downlink topics", () => {
    for (const filter of [
      "v1/devices/me/attributes",
      "v1/devices/me/attributes/response/+",
      "v1/devices/me/rpc/request/+",
      "v1/devices/me/rpc/response/5",
    ]) {
      expect(isAllowedSubscription(filter, { gateway: false })).toBe(true);
    }
  });

  it("refuses wildcards over other topics and gateway topics for plain devices", () => {
    for (const filter of ["#", "v1/#", "v1/devices/+/telemetry", "v1/devices/me/telemetry", "v1/gateway/rpc"]) {
      expect(isAllowedSubscription(filter, { gateway: false })).toBe(false);
    }
    expect(isAllowedSubscription("v1/gateway/rpc", { gateway: true })).toBe(true);
  });
});

describe("topicMatches", () => {
  it("matches + and # like MQTT", () => {
    expect(topicMatches("v1/devices/me/rpc/request/+", "v1/devices/me/rpc/request/4")).toBe(true);
    expect(topicMatches("v1/devices/me/rpc/request/+", "v1/devices/me/rpc/request")).toBe(false);
    expect(topicMatches("v1/#", "v1/devices/me/attributes")).toBe(true);
    expect(topicMatches("v1/devices/me/attributes", "v1/devices/me/attributes")).toBe(true);
  });
});
