import { describe, expect, it } from "vitest";
import { recordingServices } from "./support/recording-services.ts";
import { configErrors, message, runNode } from "./support/run-node.ts";

describe("external.mqtt", () => {
  const config = { host: "broker.example.com", topicPattern: "plants/${plant}/$[line]/telemetry", qos: 1 };

  it("publishes the data to the topic its pattern names, then sends the message to Success", async () => {
    const recorded = recordingServices();
    const input = message({ data: { line: "L2", temperature: 31 }, metadata: { plant: "north" } });
    const outputs = await runNode("external.mqtt", config, input, recorded.services);
    expect(outputs).toEqual([{ relation: "Success", message: input }]);
    expect(recorded.published).toEqual([
      {
        host: "broker.example.com",
        port: 1883,
        tls: false,
        clientId: undefined,
        username: undefined,
        password: undefined,
        topic: "plants/north/L2/telemetry",
        payload: '{"line":"L2","temperature":31}',
        qos: 1,
        retain: false,
      },
    ]);
  });

  it("refuses a topic naming a key the message lacks, or one that would be a wildcard", async () => {
    const recorded = recordingServices();
    await expect(
      runNode("external.mqtt", config, message({ data: { line: "L2" } }), recorded.services),
    ).rejects.toThrow("The topic names ${plant}, which the metadata does not have");
    await expect(
      runNode("external.mqtt", config, message({ data: { line: "#" }, metadata: { plant: "n" } }), recorded.services),
    ).rejects.toThrow('"plants/n/#/telemetry" is not a topic to publish to');
    expect(recorded.published).toEqual([]);
  });

  it("checks its configuration", () => {
    expect(configErrors("external.mqtt", { host: "mqtt://broker:1883", qos: 3 })).toEqual([
      "host: A host name or address only (no scheme, port or path)",
      "qos: 0, 1 or 2",
    ]);
    expect(configErrors("external.mqtt", { host: "10.0.0.5" })).toEqual([]);
  });
});
