import { describe, expect, it } from "vitest";
import {
  chainWarnings,
  configProblems,
  connectionCounts,
  defaultConfig,
  diffChains,
  isEmptyDiff,
  newNodeId,
  nodeErrorsFrom,
  relationsOf,
  type ChainNode,
  type DebugEvent,
  type NodeType,
} from "@/client/rule-chains/chain-model.ts";

// The editor's pure parts: a new node's configuration, warnings, the 422's errors by node, diffs, counts.
const threshold: NodeType = {
  type: "filter.threshold",
  category: "filter",
  title: "Threshold",
  description: "",
  relations: ["True", "False", "Missing", "Failure"],
  configSchema: {
    type: "object",
    properties: {
      key: { type: "string", minLength: 1 },
      op: { type: "string", enum: [">", ">=", "<", "<=", "==", "!="] },
      value: { type: ["number", "string"] },
    },
    required: ["key", "op", "value"],
  },
};
const createAlarm: NodeType = {
  type: "action.createAlarm",
  category: "action",
  title: "Create alarm",
  description: "",
  relations: ["Created", "Updated", "Failure"],
  configSchema: {
    type: "object",
    properties: { alarmType: { type: "string" }, severity: { type: "string", enum: ["CRITICAL", "MAJOR"] } },
    required: ["alarmType", "severity"],
  },
};
const webhook: NodeType = {
  type: "external.webhook",
  category: "external",
  title: "Webhook",
  description: "",
  relations: ["Success", "Failure"],
  configSchema: {
    type: "object",
    properties: { url: { type: "string", format: "uri" }, method: { type: "string", enum: ["POST"], default: "POST" } },
    required: ["url"],
  },
};
const types = new Map([threshold, createAlarm, webhook].map((t) => [t.type, t]));

const hot: ChainNode = { id: "hot", type: "filter.threshold", name: "Too hot", config: defaultConfig(threshold) };
const alarm: ChainNode = { id: "alarm", type: "action.createAlarm", config: defaultConfig(createAlarm) };

describe("the rule-chain editor's model", () => {
  it("starts new nodes with a configuration that reads as an example, and asks for what it cannot guess", () => {
    expect(defaultConfig(threshold)).toEqual({ key: "temperature", op: ">", value: 30 });
    expect(defaultConfig(createAlarm)).toEqual({ alarmType: "High temperature", severity: "MAJOR" });
    expect(configProblems(threshold, defaultConfig(threshold))).toEqual({});
    expect(configProblems(webhook, defaultConfig(webhook))).toEqual({ url: "URL is required" });
    expect(configProblems(webhook, { url: "ftp://x" })).toEqual({ url: "Use an http or https URL" });
    expect(newNodeId("filter.threshold", ["threshold-1"])).toBe("threshold-2");
  });

  it("offers the source's relations and Failure; Input sends Success", () => {
    expect(relationsOf("hot", [hot], types)).toEqual(["True", "False", "Missing", "Failure"]);
    expect(relationsOf("input", [hot], types)).toEqual(["Success"]);
  });

  it("warns about unconnected, unreachable, dead-end and unconfigured nodes", () => {
    const lonely = { ...alarm, config: { severity: "MAJOR" } };
    expect(chainWarnings([hot, lonely], [], types).map((w) => w.message)).toEqual([
      "Too hot is not connected",
      "Create alarm is not connected",
      "Create alarm is not configured: Alarm type is required",
    ]);
    expect(
      chainWarnings([hot, alarm], [{ from: "input", to: "hot", relation: "Success" }], types).map((w) => w.message),
    ).toEqual(["Too hot leads nowhere: connect its output", "Create alarm is not connected"]);
    expect(
      chainWarnings(
        [hot, alarm],
        [
          { from: "input", to: "hot", relation: "Success" },
          { from: "hot", to: "alarm", relation: "True" },
        ],
        types,
      ),
    ).toEqual([]);
  });

  it("lets a generator start a chain: no Input needed, nothing may connect into it", () => {
    const generator: NodeType = {
      type: "action.generator",
      category: "action",
      title: "Generator",
      description: "",
      relations: ["Success", "Failure"],
      source: true,
      configSchema: { type: "object", properties: { periodSeconds: { type: "integer", default: 60 } } },
    };
    const withGenerator = new Map([...types, [generator.type, generator]]);
    const gen: ChainNode = { id: "gen", type: "action.generator", config: defaultConfig(generator) };
    expect(
      chainWarnings(
        [gen, hot, alarm],
        [
          { from: "gen", to: "hot", relation: "Success" },
          { from: "hot", to: "alarm", relation: "True" },
        ],
        withGenerator,
      ),
    ).toEqual([]);
    expect(
      chainWarnings(
        [gen, hot],
        [
          { from: "input", to: "gen", relation: "Success" },
          { from: "gen", to: "hot", relation: "Success" },
        ],
        withGenerator,
      ).map((w) => w.message),
    ).toEqual([
      "Generator makes its own messages: remove the connection into it",
      "Too hot leads nowhere: connect its output",
    ]);
    expect(chainWarnings([gen], [], withGenerator).map((w) => w.message)).toEqual(["Generator is not connected"]);
  });

  it("puts the API's 422 details beside the node and field they name", () => {
    const { byNode, other } = nodeErrorsFrom(
      [
        { path: ["nodes", 1, "config", "alarmType"], message: "Name the alarm type" },
        { path: ["connections", 0, "to"], message: "No node x" },
      ],
      ["hot", "alarm"],
    );
    expect(byNode.get("alarm")).toEqual({ alarmType: "Name the alarm type" });
    expect(other).toEqual(["connections.0.to: No node x"]);
  });

  it("diffs two versions: nodes added, removed, changed, connections added and removed", () => {
    const v1 = { name: "Root", nodes: [hot], connections: [{ from: "input", to: "hot", relation: "Success" }] };
    const v2 = {
      name: "Root",
      nodes: [{ ...hot, config: { ...hot.config, value: 35 } }, alarm],
      connections: [{ from: "hot", to: "alarm", relation: "True" }],
    };
    const diff = diffChains(v1, v2);
    expect(diff.added.map((n) => n.id)).toEqual(["alarm"]);
    expect(diff.removed).toEqual([]);
    expect(diff.changed).toEqual([{ id: "hot", label: "Too hot", fields: ["config.value"] }]);
    expect(diff.addedConnections).toEqual([{ from: "hot", to: "alarm", relation: "True" }]);
    expect(diff.removedConnections).toEqual([{ from: "input", to: "hot", relation: "Success" }]);
    expect(isEmptyDiff(diffChains(v2, v2))).toBe(true);
  });

  it("counts messages per connection from debug events", () => {
    const event = (nodeId: string, relation: string) =>
      ({ id: "1-0", nodeId, input: {}, outputs: [{ relation, message: {} }], durationMs: 1, ts: 0 }) as DebugEvent;
    const counts = connectionCounts(
      [event("hot", "True"), event("hot", "True"), event("hot", "False")],
      [
        { from: "hot", to: "alarm", relation: "True" },
        { from: "hot", to: "log", relation: "False" },
        { from: "alarm", to: "log", relation: "Created" },
      ],
    );
    expect(Object.fromEntries(counts)).toEqual({ "hot|True|alarm": 2, "hot|False|log": 1 });
  });
});
