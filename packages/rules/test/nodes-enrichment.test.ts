import { describe, expect, it } from "vitest";
import { PermanentError, type EntityFields } from "../src/index.ts";
import { recordingServices } from "./support/recording-services.ts";
import { configErrors, device, message, runNode, TENANT } from "./support/run-node.ts";

const customerId = "11111111-1111-4111-8111-111111111111";
const asset = { type: "ASSET", id: "22222222-2222-4222-8222-222222222222" };
const thermostat: EntityFields = {
  id: device.id,
  entityType: "DEVICE",
  name: "Thermostat 1",
  label: "Kitchen",
  type: "thermostat",
  profileName: "Thermostats",
  customerId,
  createdTime: 1_690_000_000_000,
};

function seeded() {
  const recorded = recordingServices();
  recorded.entities.set(device.id, thermostat);
  recorded.attributes.set(`${device.id}/CLIENT`, { firmware: "1.2" });
  recorded.attributes.set(`${device.id}/SHARED`, { target: 21 });
  recorded.attributes.set(`${device.id}/SERVER`, { floor: 3, other: "x" });
  recorded.attributes.set(`${customerId}/SERVER`, { threshold: 30 });
  recorded.attributes.set(`${TENANT}/SERVER`, { region: "eu" });
  recorded.attributes.set(`${asset.id}/SERVER`, { building: "B1" });
  recorded.latest.set(device.id, { temperature: { ts: 5, value: 20.5 } });
  recorded.latest.set(asset.id, { occupancy: { ts: 5, value: 12 } });
  recorded.relations.push({ from: asset, to: device, type: "Contains" });
  return recorded;
}

describe("enrich.originatorAttributes", () => {
  it("adds attributes with ThingsBoard's scope prefixes and latest telemetry, into metadata or data", async () => {
    const { services } = seeded();
    const config = {
      clientKeys: ["firmware"],
      sharedKeys: ["target"],
      serverKeys: ["floor", "absent"],
      latestTelemetryKeys: ["temperature"],
    };
    const [out] = await runNode("enrich.originatorAttributes", config, message({ metadata: { a: "1" } }), services);
    expect(out!.message.metadata).toEqual({
      a: "1",
      cs_firmware: "1.2",
      shared_target: "21",
      ss_floor: "3",
      temperature: "20.5",
    });
    const [toData] = await runNode(
      "enrich.originatorAttributes",
      { serverKeys: ["floor"], to: "data" },
      message({ data: { t: 1 } }),
      services,
    );
    expect(toData!.message.data).toEqual({ t: 1, ss_floor: 3 });
    expect(configErrors("enrich.originatorAttributes", {})).toHaveLength(1);
  });
});

describe("enrich.originatorFields", () => {
  it("adds the originator's fields as originatorName, ... and fails for an unknown originator", async () => {
    const { services } = seeded();
    const [out] = await runNode(
      "enrich.originatorFields",
      { fields: ["name", "label", "type", "profileName", "customerId"] },
      message(),
      services,
    );
    expect(out!.message.metadata).toEqual({
      originatorName: "Thermostat 1",
      originatorLabel: "Kitchen",
      originatorType: "thermostat",
      originatorProfileName: "Thermostats",
      originatorCustomerId: customerId,
    });
    await expect(
      runNode("enrich.originatorFields", {}, message({ originator: asset }), services),
    ).rejects.toBeInstanceOf(PermanentError);
  });
});

describe("enrich.customerAttributes and enrich.tenantAttributes", () => {
  it("map the customer's and the tenant's server attributes", async () => {
    const recorded = seeded();
    const [customer] = await runNode(
      "enrich.customerAttributes",
      { mapping: [{ from: "threshold", to: "customerThreshold" }] },
      message(),
      recorded.services,
    );
    expect(customer!.message.metadata).toEqual({ customerThreshold: "30" });
    const [tenant] = await runNode(
      "enrich.tenantAttributes",
      { mapping: [{ from: "region", to: "tenantRegion" }], to: "data" },
      message({ data: { t: 1 } }),
      recorded.services,
    );
    expect(tenant!.message.data).toEqual({ t: 1, tenantRegion: "eu" });
    recorded.entities.set(device.id, { ...thermostat, customerId: null });
    await expect(
      runNode("enrich.customerAttributes", { mapping: [{ from: "a", to: "b" }] }, message(), recorded.services),
    ).rejects.toThrow("not assigned to a customer");
  });
});

describe("enrich.relatedEntityData", () => {
  it("reads attributes or latest telemetry of the first related entity", async () => {
    const { services } = seeded();
    const [attributes] = await runNode(
      "enrich.relatedEntityData",
      { direction: "TO", relationType: "Contains", mapping: [{ from: "building", to: "building" }] },
      message(),
      services,
    );
    expect(attributes!.message.metadata).toEqual({ building: "B1" });
    const [telemetry] = await runNode(
      "enrich.relatedEntityData",
      { source: "LATEST_TELEMETRY", mapping: [{ from: "occupancy", to: "people" }] },
      message(),
      services,
    );
    expect(telemetry!.message.metadata).toEqual({ people: "12" });
    await expect(
      runNode(
        "enrich.relatedEntityData",
        { direction: "FROM", mapping: [{ from: "a", to: "b" }] },
        message(),
        services,
      ),
    ).rejects.toBeInstanceOf(PermanentError);
  });
});

describe("enrich.delta", () => {
  it("adds the difference from the stored value and the period, 0 for the first reading", async () => {
    const recorded = recordingServices();
    const config = { inputKey: "counter", outputKey: "consumed", periodKey: "periodMs", decimals: 2 };
    const reading = (value: unknown, ts: number) =>
      message({ data: { counter: value }, ts, metadata: { ts: String(ts) } });
    const [first] = await runNode("enrich.delta", config, reading(100, 1000), recorded.services);
    expect(first).toMatchObject({ relation: "Success", message: { data: { counter: 100, consumed: 0, periodMs: 0 } } });
    await recorded.services.telemetry.save(TENANT, device, 1000, { counter: 100 });
    const [second] = await runNode("enrich.delta", config, reading("112.346", 61_000), recorded.services);
    expect(second!.message.data).toEqual({ counter: "112.346", consumed: 12.35, periodMs: 60_000 });
  });

  it("sends other messages to Other and fails a negative delta when asked", async () => {
    const recorded = recordingServices();
    await recorded.services.telemetry.save(TENANT, device, 1000, { counter: 100 });
    const other = await runNode(
      "enrich.delta",
      { inputKey: "counter" },
      message({ data: { t: 1 } }),
      recorded.services,
    );
    expect(other.map((o) => o.relation)).toEqual(["Other"]);
    const down = message({ data: { counter: 90 } });
    const [negative] = await runNode("enrich.delta", { inputKey: "counter" }, down, recorded.services);
    expect(negative!.message.data).toEqual({ counter: 90, delta: -10 });
    await expect(
      runNode("enrich.delta", { inputKey: "counter", failOnNegative: true }, down, recorded.services),
    ).rejects.toThrow("negative delta");
  });
});
