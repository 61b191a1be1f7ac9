import { describe, expect, it } from "vitest";
import { NODE_TYPES, PermanentError, type RuleMessage } from "../src/index.ts";
import { recordingServices } from "./support/recording-services.ts";
import { configErrors, device, message, runNode, TENANT } from "./support/run-node.ts";

describe("transform.renameKeys", () => {
  it("renames data keys, skipping absent ones, and metadata keys when asked", async () => {
    const { services } = recordingServices();
    const [out] = await runNode(
      "transform.renameKeys",
      {
        renames: [
          { from: "t", to: "temperature" },
          { from: "absent", to: "x" },
        ],
      },
      message({ data: { t: 21, h: 40 } }),
      services,
    );
    expect(out).toMatchObject({ relation: "Success", message: { data: { temperature: 21, h: 40 } } });
    expect(out!.message.data).not.toHaveProperty("t");
    const [meta] = await runNode(
      "transform.renameKeys",
      { in: "metadata", renames: [{ from: "deviceName", to: "name" }] },
      message({ metadata: { deviceName: "d1" } }),
      services,
    );
    expect(meta!.message.metadata).toEqual({ name: "d1" });
  });

  it("fails a message whose data is not an object", async () => {
    const { services } = recordingServices();
    await expect(
      runNode("transform.renameKeys", { renames: [{ from: "a", to: "b" }] }, message({ data: [1] }), services),
    ).rejects.toBeInstanceOf(PermanentError);
  });
});

describe("transform.copyKeys", () => {
  it("copies metadata into data, and data into metadata as text", async () => {
    const { services } = recordingServices();
    const [toData] = await runNode(
      "transform.copyKeys",
      { keys: ["deviceName", "missing"], from: "metadata", to: "data" },
      message({ data: { t: 1 }, metadata: { deviceName: "d1" } }),
      services,
    );
    expect(toData!.message.data).toEqual({ t: 1, deviceName: "d1" });
    const [toMetadata] = await runNode(
      "transform.copyKeys",
      { keys: ["t", "nested"], from: "data", to: "metadata" },
      message({ data: { t: 1.5, nested: { a: true } } }),
      services,
    );
    expect(toMetadata!.message.metadata).toEqual({ t: "1.5", nested: '{"a":true}' });
  });

  it("refuses copying a part onto itself", () => {
    expect(configErrors("transform.copyKeys", { keys: ["a"], from: "data", to: "data" })).toEqual([
      "to: Copy from data to metadata or back",
    ]);
  });
});

describe("transform.deleteKeys", () => {
  it("removes keys from data or metadata", async () => {
    const { services } = recordingServices();
    const [data] = await runNode(
      "transform.deleteKeys",
      { keys: ["secret"] },
      message({ data: { secret: "x", t: 1 } }),
      services,
    );
    expect(data!.message.data).toEqual({ t: 1 });
    const [metadata] = await runNode(
      "transform.deleteKeys",
      { keys: ["ts"], from: "metadata" },
      message({ metadata: { ts: "1", deviceName: "d" } }),
      services,
    );
    expect(metadata!.message.metadata).toEqual({ deviceName: "d" });
  });
});

describe("transform.splitArray", () => {
  it("makes one message per element, with new ids and the same originator and metadata", async () => {
    const { services } = recordingServices();
    const input = message({ data: [{ t: 1 }, { t: 2 }, 3], metadata: { deviceName: "d1" } });
    const outputs = await runNode("transform.splitArray", {}, input, services);
    expect(outputs.map((o) => o.message.data)).toEqual([{ t: 1 }, { t: 2 }, 3]);
    expect(outputs.every((o) => o.relation === "Success" && o.message.metadata.deviceName === "d1")).toBe(true);
    expect(new Set(outputs.map((o) => o.message.id)).size).toBe(3);
    expect(outputs.every((o) => o.message.id !== input.id)).toBe(true);
    expect(await runNode("transform.splitArray", {}, message({ data: [] }), services)).toEqual([]);
    await expect(runNode("transform.splitArray", {}, message({ data: { a: 1 } }), services)).rejects.toBeInstanceOf(
      PermanentError,
    );
  });
});

describe("transform.deduplicate", () => {
  const at = (seconds: number, data: unknown, originator = device) =>
    message({ ts: 1_700_000_000_000 + seconds * 1000, data, originator });

  it("first: passes the window's first message per originator and drops the rest", async () => {
    const { services } = recordingServices();
    const other = { type: "DEVICE", id: "00000000-0000-4000-8000-000000000002" };
    const config = { intervalSeconds: 10, strategy: "first" };
    const passed = [];
    for (const m of [at(0, 1), at(5, 2), at(3, 3, other), at(9.9, 4), at(10, 5), at(12, 6), at(8, 7, other)])
      passed.push(...(await runNode("transform.deduplicate", config, m, services)).map((o) => o.message.data));
    expect(passed).toEqual([1, 3, 5]);
  });

  it("last: sends a window's newest message when the first message after it arrives", async () => {
    const { services } = recordingServices();
    const config = { intervalSeconds: 10, strategy: "last" };
    const passed = [];
    for (const m of [at(0, 1), at(4, 2), at(9, 3), at(11, 4), at(25, 5)])
      passed.push(...(await runNode("transform.deduplicate", config, m, services)).map((o) => o.message.data));
    expect(passed).toEqual([3, 4]);
  });

  it("keeps each node's windows apart", async () => {
    const recorded = recordingServices();
    const config = { intervalSeconds: 10 };
    expect(await runNode("transform.deduplicate", config, at(0, 1), recorded.services, "a")).toHaveLength(1);
    expect(await runNode("transform.deduplicate", config, at(1, 2), recorded.services, "b")).toHaveLength(1);
    expect(await runNode("transform.deduplicate", config, at(2, 3), recorded.services, "a")).toHaveLength(0);
    expect([...recorded.cache.keys()].every((k) => k.startsWith(`${TENANT}/dedup:`))).toBe(true);
  });

  it("keeps apart the windows of nodes of the same id in two chains", async () => {
    const recorded = recordingServices();
    const node = NODE_TYPES.get("transform.deduplicate")!;
    const config = node.config.parse({ intervalSeconds: 10 });
    const inChain = (chainId: string, m: RuleMessage) =>
      node.run(m, config, { services: recorded.services, scripts: undefined as never, chainId, nodeId: "dedup-1" });
    expect(await inChain("chain-a", at(0, 1))).toHaveLength(1);
    expect(await inChain("chain-b", at(1, 2))).toHaveLength(1);
    expect(await inChain("chain-a", at(2, 3))).toHaveLength(0);
  });
});

describe("transform.changeOriginator", () => {
  const customerId = "11111111-1111-4111-8111-111111111111";
  const asset = { type: "ASSET", id: "22222222-2222-4222-8222-222222222222" };

  it("changes to the customer, the tenant or a related entity", async () => {
    const recorded = recordingServices();
    recorded.entities.set(device.id, {
      id: device.id,
      entityType: "DEVICE",
      name: "d1",
      label: null,
      type: "default",
      profileName: "default",
      customerId,
      createdTime: 1,
    });
    recorded.relations.push({ from: asset, to: device, type: "Contains" });
    const input = message({ data: { t: 1 } });
    const [customer] = await runNode("transform.changeOriginator", { to: "customer" }, input, recorded.services);
    expect(customer!.message.originator).toEqual({ type: "CUSTOMER", id: customerId });
    const [tenant] = await runNode("transform.changeOriginator", { to: "tenant" }, input, recorded.services);
    expect(tenant!.message.originator).toEqual({ type: "TENANT", id: TENANT });
    const [related] = await runNode(
      "transform.changeOriginator",
      { to: "related", relationType: "Contains", direction: "TO" },
      input,
      recorded.services,
    );
    expect(related!.message).toMatchObject({ originator: asset, data: { t: 1 } });
    await expect(
      runNode(
        "transform.changeOriginator",
        { to: "related", relationType: "Contains", direction: "FROM" },
        input,
        recorded.services,
      ),
    ).rejects.toThrow("no related entity");
  });

  it("needs a relation type to follow relations", () => {
    expect(configErrors("transform.changeOriginator", { to: "related" })).toEqual([
      "relationType: Name the relation type to follow",
    ]);
  });
});
