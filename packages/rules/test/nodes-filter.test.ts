import { describe, expect, it } from "vitest";
import { checkChain, PermanentError } from "../src/index.ts";
import { recordingServices } from "./support/recording-services.ts";
import { configErrors, device, message, runNode } from "./support/run-node.ts";

const relationOf = async (...args: Parameters<typeof runNode>) => (await runNode(...args)).map((o) => o.relation);

describe("filter.checkFields", () => {
  it("checks all or any of the data and metadata keys (null counts as absent)", async () => {
    const { services } = recordingServices();
    const input = message({ data: { t: 1, h: null }, metadata: { deviceName: "d" } });
    const check = (config: object) => relationOf("filter.checkFields", config, input, services);
    expect(await check({ dataKeys: ["t"], metadataKeys: ["deviceName"] })).toEqual(["True"]);
    expect(await check({ dataKeys: ["t", "h"] })).toEqual(["False"]);
    expect(await check({ dataKeys: ["t", "h"], all: false })).toEqual(["True"]);
    expect(await check({ metadataKeys: ["nope"], all: false })).toEqual(["False"]);
    expect(configErrors("filter.checkFields", {})).toEqual(["dataKeys: Name at least one data or metadata key"]);
  });
});

describe("filter.alarmStatus", () => {
  it("matches an alarm event's status and fails other messages", async () => {
    const { services } = recordingServices();
    const alarm = (status: string) => message({ type: "ALARM", data: { status, type: "Overheating" } });
    const config = { statuses: ["ACTIVE_UNACK", "ACTIVE_ACK"] };
    expect(await relationOf("filter.alarmStatus", config, alarm("ACTIVE_UNACK"), services)).toEqual(["True"]);
    expect(await relationOf("filter.alarmStatus", config, alarm("CLEARED_UNACK"), services)).toEqual(["False"]);
    const fromMetadata = message({ type: "ALARM_CLEAR", data: {}, metadata: { alarmStatus: "CLEARED_ACK" } });
    expect(await relationOf("filter.alarmStatus", { statuses: ["CLEARED_ACK"] }, fromMetadata, services)).toEqual([
      "True",
    ]);
    await expect(runNode("filter.alarmStatus", config, message({ data: { t: 1 } }), services)).rejects.toBeInstanceOf(
      PermanentError,
    );
    expect(configErrors("filter.alarmStatus", { statuses: ["OPEN"] })).toHaveLength(1);
  });
});

describe("filter.deviceProfile", () => {
  it("routes by the device's profile name, on any connection label a chain gives it", async () => {
    const recorded = recordingServices();
    recorded.entities.set(device.id, {
      id: device.id,
      entityType: "DEVICE",
      name: "d1",
      label: null,
      type: "default",
      profileName: "Thermostats",
      customerId: null,
      createdTime: 1,
    });
    expect(await relationOf("filter.deviceProfile", {}, message(), recorded.services)).toEqual(["Thermostats"]);
    await expect(
      runNode("filter.deviceProfile", {}, message({ originator: { type: "ASSET", id: device.id } }), recorded.services),
    ).rejects.toBeInstanceOf(PermanentError);
    const { errors } = checkChain({
      nodes: [
        { id: "switch", type: "filter.deviceProfile", config: {} },
        { id: "log", type: "action.log", config: {} },
      ],
      connections: [
        { from: "input", to: "switch", relation: "Success" },
        { from: "switch", to: "log", relation: "Thermostats" },
      ],
    });
    expect(errors).toEqual([]);
  });
});

describe("filter.checkRelation", () => {
  const asset = { type: "ASSET", id: "22222222-2222-4222-8222-222222222222" };
  const other = "33333333-3333-4333-8333-333333333333";

  it("checks for a relation of the type in the direction, to a given entity or any", async () => {
    const recorded = recordingServices();
    recorded.relations.push({ from: asset, to: device, type: "Contains" });
    const check = (config: object) => relationOf("filter.checkRelation", config, message(), recorded.services);
    expect(await check({ direction: "TO", relationType: "Contains" })).toEqual(["True"]);
    expect(await check({ direction: "FROM", relationType: "Contains" })).toEqual(["False"]);
    expect(await check({ direction: "TO", relationType: "Manages" })).toEqual(["False"]);
    expect(await check({ direction: "TO", relationType: "Contains", entityId: asset.id })).toEqual(["True"]);
    expect(await check({ direction: "TO", relationType: "Contains", entityId: other })).toEqual(["False"]);
  });
});

describe("filter.geofence", () => {
  // A square around central Berlin.
  const polygon = [
    [52.5, 13.3],
    [52.5, 13.5],
    [52.55, 13.5],
    [52.55, 13.3],
  ];
  const at = (latitude: unknown, longitude: unknown) => message({ data: { latitude, longitude } });

  it("tells Inside from Outside for polygons and circles", async () => {
    const { services } = recordingServices();
    expect(await relationOf("filter.geofence", { polygon }, at(52.52, 13.4), services)).toEqual(["Inside"]);
    expect(await relationOf("filter.geofence", { polygon }, at(52.6, 13.4), services)).toEqual(["Outside"]);
    expect(await relationOf("filter.geofence", { polygon }, at("52.51", "13.31"), services)).toEqual(["Inside"]);
    const circle = { lat: 52.52, lng: 13.405, radiusMeters: 1000 };
    // About 780 m north, then about 1.1 km north.
    expect(await relationOf("filter.geofence", { circle }, at(52.527, 13.405), services)).toEqual(["Inside"]);
    expect(await relationOf("filter.geofence", { circle }, at(52.53, 13.405), services)).toEqual(["Outside"]);
  });

  it("reads other keys, fails without coordinates, and needs exactly one fence", async () => {
    const { services } = recordingServices();
    const config = { latitudeKey: "lat", longitudeKey: "lng", circle: { lat: 0, lng: 0, radiusMeters: 10 } };
    expect(await relationOf("filter.geofence", config, message({ data: { lat: 0, lng: 0 } }), services)).toEqual([
      "Inside",
    ]);
    await expect(runNode("filter.geofence", { polygon }, at(null, 13), services)).rejects.toThrow("numeric latitude");
    expect(configErrors("filter.geofence", {})).toEqual(["polygon: Give either a polygon or a circle"]);
    expect(configErrors("filter.geofence", { polygon: [[0, 0]] })).toEqual([
      "polygon: A polygon has at least 3 points",
    ]);
  });
});
