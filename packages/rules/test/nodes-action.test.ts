import { describe, expect, it } from "vitest";
import { PermanentError } from "../src/index.ts";
import { recordingServices } from "./support/recording-services.ts";
import { configErrors, device, message, runNode } from "./support/run-node.ts";

const asset = { type: "ASSET", id: "22222222-2222-4222-8222-222222222222" };

describe("action.saveAttributes", () => {
  it("saves the data as attributes of the scope at the message's time", async () => {
    const recorded = recordingServices();
    const input = message({ type: "POST_ATTRIBUTES_REQUEST", data: { fw: "1.0" }, metadata: { ts: "1234" } });
    const [out] = await runNode("action.saveAttributes", {}, input, recorded.services);
    expect(out!.relation).toBe("Success");
    expect(recorded.savedAttributes).toEqual([{ entity: device, scope: "SERVER", values: { fw: "1.0" }, ts: 1234 }]);
    await runNode("action.saveAttributes", { scope: "SHARED" }, input, recorded.services);
    expect(recorded.attributes.get(`${device.id}/SHARED`)).toEqual({ fw: "1.0" });
  });

  it("refuses SHARED attributes of an asset and data that is no object", async () => {
    const { services } = recordingServices();
    await expect(
      runNode("action.saveAttributes", { scope: "SHARED" }, message({ originator: asset, data: { a: 1 } }), services),
    ).rejects.toBeInstanceOf(PermanentError);
    await expect(runNode("action.saveAttributes", {}, message({ data: 5 }), services)).rejects.toBeInstanceOf(
      PermanentError,
    );
  });
});

describe("action.rpcToDevice", () => {
  it("sends {method, params} and passes the answer on; one-way passes the message", async () => {
    const recorded = recordingServices();
    recorded.answerRpcWith({ done: true });
    const input = message({ data: { method: "setValve", params: { open: true } } });
    const [twoWay] = await runNode("action.rpcToDevice", { timeoutSeconds: 5 }, input, recorded.services);
    expect(twoWay!.message).toMatchObject({ data: { done: true }, metadata: { requestId: "1" } });
    const [oneway] = await runNode("action.rpcToDevice", { oneway: true }, input, recorded.services);
    expect(oneway!.message.data).toEqual(input.data);
    expect(recorded.rpcs).toEqual([
      { deviceId: device.id, method: "setValve", params: { open: true }, timeoutMs: 5000, oneway: false },
      { deviceId: device.id, method: "setValve", params: { open: true }, timeoutMs: 10_000, oneway: true },
    ]);
  });

  it("fails without a method, for non-devices and when the device does not answer", async () => {
    const recorded = recordingServices();
    await expect(runNode("action.rpcToDevice", {}, message({ data: {} }), recorded.services)).rejects.toThrow(
      "{method, params}",
    );
    await expect(
      runNode("action.rpcToDevice", {}, message({ originator: asset, data: { method: "x" } }), recorded.services),
    ).rejects.toBeInstanceOf(PermanentError);
    recorded.answerRpcWith(null);
    await expect(
      runNode("action.rpcToDevice", {}, message({ data: { method: "x" } }), recorded.services),
    ).rejects.toThrow("did not answer");
    expect(configErrors("action.rpcToDevice", { timeoutSeconds: 600 })).toHaveLength(1);
  });
});

describe("action.createRelation and action.deleteRelation", () => {
  it("creates once (idempotent), by a fixed id or one from the metadata, and deletes", async () => {
    const recorded = recordingServices();
    const config = { direction: "TO", relationType: "Contains", entityType: "ASSET", entityId: "${assetId}" };
    const input = message({ metadata: { assetId: asset.id } });
    const [first] = await runNode("action.createRelation", config, input, recorded.services);
    expect(first!.message.metadata.relationCreated).toBe("true");
    const [again] = await runNode("action.createRelation", config, input, recorded.services);
    expect(again!.message.metadata.relationCreated).toBe("false");
    expect(recorded.relations).toEqual([{ from: asset, to: device, type: "Contains" }]);
    await expect(runNode("action.createRelation", config, message(), recorded.services)).rejects.toThrow(
      "no ${assetId}",
    );
    const fixed = { ...config, entityId: asset.id };
    expect((await runNode("action.deleteRelation", fixed, message(), recorded.services))[0]!.relation).toBe("Success");
    expect((await runNode("action.deleteRelation", fixed, message(), recorded.services))[0]!.relation).toBe("False");
    expect(recorded.relations).toEqual([]);
    expect(configErrors("action.createRelation", { entityId: "nope" })).toHaveLength(1);
  });
});
