import { afterAll, describe, expect, it } from "vitest";
import {
  checkChain,
  createIsolatedScriptRunner,
  createMessage,
  runChain,
  type NodeEvent,
  type RuleChainDefinition,
} from "../src/index.ts";
import { recordingServices } from "./support/recording-services.ts";

const scripts = createIsolatedScriptRunner();
afterAll(() => scripts.dispose());

const device = { type: "DEVICE", id: "3f0c9a4e-8a7b-4d2e-9c1f-5b6a7d8e9f01" };
const telemetry = (data: unknown, metadata: Record<string, string> = {}) =>
  createMessage({
    type: "POST_TELEMETRY_REQUEST",
    tenantId: "t1",
    originator: device,
    ts: 1_700_000_000_000,
    data,
    metadata,
  });

function compiled(definition: RuleChainDefinition) {
  const { errors, chain } = checkChain(definition);
  expect(errors).toEqual([]);
  return chain!;
}

/** "temperature > 30 → create alarm", with a clear below and a log of everything saved. */
const overheating: RuleChainDefinition = {
  nodes: [
    { id: "isTelemetry", type: "filter.messageType", config: { types: ["POST_TELEMETRY_REQUEST"] } },
    { id: "save", type: "action.saveTimeseries", config: {} },
    { id: "hot", type: "filter.threshold", config: { key: "temperature", op: ">", value: 30 } },
    { id: "raise", type: "action.createAlarm", config: { alarmType: "Overheating", severity: "MAJOR" } },
    { id: "clear", type: "action.clearAlarm", config: { alarmType: "Overheating" } },
  ],
  connections: [
    { from: "input", to: "isTelemetry", relation: "Success" },
    { from: "isTelemetry", to: "save", relation: "True" },
    { from: "isTelemetry", to: "hot", relation: "True" },
    { from: "hot", to: "raise", relation: "True" },
    { from: "hot", to: "clear", relation: "False" },
  ],
};

describe("a chain", () => {
  it("saves telemetry, raises an alarm above the threshold, updates it on a repeat and clears it below", async () => {
    const recorded = recordingServices();
    const context = { services: recorded.services, scripts };
    const chain = compiled(overheating);
    await runChain(chain, telemetry({ temperature: 31 }), context);
    expect(recorded.saved).toHaveLength(1);
    expect([...recorded.alarms.values()]).toMatchObject([
      { severity: "MAJOR", cleared: false, details: { temperature: 31 } },
    ]);
    const repeat = await runChain(chain, telemetry({ temperature: 35 }), context);
    expect(recorded.alarms.size).toBe(1);
    expect(repeat.followed.get("hot->True->raise")).toBe(1);
    await runChain(chain, telemetry({ temperature: 20 }), context);
    expect([...recorded.alarms.values()][0]!.cleared).toBe(true);
    expect(recorded.saved.map((s) => s.values)).toEqual([
      { temperature: 31 },
      { temperature: 35 },
      { temperature: 20 },
    ]);
  });

  it("does not clear on a message without the key: an alarm event or another key's telemetry goes to Missing", async () => {
    const recorded = recordingServices();
    const context = { services: recorded.services, scripts };
    // No message-type filter first: every event of the device reaches the threshold.
    const chain = compiled({
      nodes: overheating.nodes.filter((n) => n.id !== "isTelemetry" && n.id !== "save"),
      connections: [
        { from: "input", to: "hot", relation: "Success" },
        { from: "hot", to: "raise", relation: "True" },
        { from: "hot", to: "clear", relation: "False" },
      ],
    });
    await runChain(chain, telemetry({ temperature: 31 }), context);
    const alarmEvent = createMessage({
      type: "ALARM",
      tenantId: "t1",
      originator: device,
      ts: 2,
      data: { type: "Overheating" },
    });
    const run = await runChain(chain, alarmEvent, context);
    await runChain(chain, telemetry({ humidity: 80 }), context);
    expect(run.followed.size).toBe(0);
    expect([...recorded.alarms.values()][0]!.cleared).toBe(false);
  });

  it("passes other message types by", async () => {
    const recorded = recordingServices();
    const run = await runChain(
      compiled(overheating),
      createMessage({ type: "CONNECT_EVENT", tenantId: "t1", originator: device, ts: 1, data: {} }),
      { services: recorded.services, scripts },
    );
    expect(run.steps).toBe(1);
    expect(recorded.saved).toHaveLength(0);
  });

  it("transforms with a script, filters with a script, and answers a device's RPC", async () => {
    const recorded = recordingServices();
    const chain = compiled({
      nodes: [
        {
          id: "toF",
          type: "transform.script",
          config: {
            script:
              "msg.fahrenheit = msg.celsius * 1.8 + 32; metadata.unit = 'F'; return {msg: msg, metadata: metadata};",
          },
        },
        {
          id: "warm",
          type: "filter.script",
          config: { script: "return msg.fahrenheit > 80 && metadata.unit === 'F';" },
        },
        { id: "reply", type: "action.rpcReply", config: { script: "return {fahrenheit: msg.fahrenheit};" } },
      ],
      connections: [
        { from: "input", to: "toF", relation: "Success" },
        { from: "toF", to: "warm", relation: "Success" },
        { from: "warm", to: "reply", relation: "True" },
      ],
    });
    const rpc = createMessage({
      type: "TO_SERVER_RPC_REQUEST",
      tenantId: "t1",
      originator: device,
      ts: 1,
      data: { celsius: 30 },
      metadata: { requestId: "7" },
    });
    await runChain(chain, rpc, { services: recorded.services, scripts });
    expect(recorded.replies).toEqual([{ deviceId: device.id, requestId: 7, body: { fahrenheit: 86 } }]);
  });

  it("takes a transformation script's {msg, metadata?, msgType?} and refuses any other return value", async () => {
    const recorded = recordingServices();
    const transform = (script: string) =>
      runChain(
        compiled({
          nodes: [{ id: "t", type: "transform.script", config: { script }, debug: true }],
          connections: [{ from: "input", to: "t", relation: "Success" }],
        }),
        telemetry({ temperature: 30 }),
        { services: recorded.services, scripts },
        { onEvent: (event) => events.push(event) },
      );
    const events: NodeEvent[] = [];
    await transform("return {msg: {t: msg.temperature}, metadata: {n: 1, ok: true, s: 'x'}, msgType: 'CUSTOM'};");
    expect(events[0]!.outputs[0]!.message).toMatchObject({
      type: "CUSTOM",
      data: { t: 30 },
      metadata: { n: "1", ok: "true", s: "x" },
    });
    for (const wrong of [
      "return {};",
      "return [msg];",
      "return {msg: msg, metadata: [1]};",
      "return {msg: msg, metadata: null};",
      "return {msg: msg, msgType: ''};",
      "return {msg: msg, msgType: 7};",
      "return new Date(0);",
    ]) {
      const run = await transform(wrong);
      expect(run.failures.map((f) => f.error)).toEqual([
        "A transformation script must return {msg, metadata?, msgType?}",
      ]);
    }
  });

  it("sends a node's failure along its Failure connection, and records one that has none", async () => {
    const recorded = recordingServices();
    recorded.answerWith(500);
    const chain = compiled({
      nodes: [
        { id: "hook", type: "external.webhook", config: { url: "http://receiver.test/hook" } },
        { id: "log", type: "action.log", config: {} },
        { id: "bad", type: "filter.script", config: { script: "return msg.missing.field;" } },
      ],
      connections: [
        { from: "input", to: "hook", relation: "Success" },
        { from: "input", to: "bad", relation: "Success" },
        { from: "hook", to: "log", relation: "Failure" },
      ],
    });
    const run = await runChain(chain, telemetry({ temperature: 1 }), { services: recorded.services, scripts });
    expect(recorded.requests).toHaveLength(1);
    expect(recorded.logs).toHaveLength(1);
    expect(recorded.logs[0]).toMatch(/answered 500/);
    expect(run.failures).toEqual([
      { nodeId: "bad", error: expect.stringMatching(/Cannot read properties of undefined/), retryable: false },
    ]);
  });

  it("captures input, output and errors of nodes with debug on", async () => {
    const recorded = recordingServices();
    const events: NodeEvent[] = [];
    const chain = compiled({
      nodes: [{ id: "hot", type: "filter.threshold", config: { key: "t", op: ">=", value: 5 }, debug: true }],
      connections: [{ from: "input", to: "hot", relation: "x" }],
    });
    await runChain(
      chain,
      telemetry({ t: 5 }),
      { services: recorded.services, scripts },
      { onEvent: (e) => events.push(e) },
    );
    expect(events).toMatchObject([{ nodeId: "hot", outputs: [{ relation: "True" }] }]);
  });

  it("stops a chain that loops", async () => {
    const recorded = recordingServices();
    const chain = compiled({
      nodes: [{ id: "again", type: "action.log", config: {} }],
      connections: [
        { from: "input", to: "again", relation: "Success" },
        { from: "again", to: "again", relation: "Success" },
      ],
    });
    const run = await runChain(chain, telemetry({}), { services: recorded.services, scripts }, { maxSteps: 50 });
    expect(run.failures[0]?.error).toMatch(/loop/);
    expect(recorded.logs).toHaveLength(50);
  });
});

describe("checking a chain", () => {
  it("reports unknown types, bad configuration, missing nodes and relations a node never sends", () => {
    const { errors, warnings, chain } = checkChain({
      nodes: [
        { id: "a", type: "filter.threshold", config: { key: "", op: ">", value: 1 } },
        { id: "b", type: "filter.nope", config: {} },
        { id: "c", type: "action.log", config: {} },
        { id: "d", type: "action.log", config: {} },
      ],
      connections: [
        { from: "input", to: "c", relation: "Success" },
        { from: "c", to: "ghost", relation: "Success" },
        { from: "c", to: "d", relation: "True" },
      ],
    });
    expect(chain).toBeNull();
    expect(errors).toEqual([
      { path: ["nodes", 0, "config", "key"], message: "Name the key" },
      { path: ["nodes", 1, "type"], message: "Unknown node type filter.nope" },
      { path: ["connections", 1, "to"], message: "No node ghost" },
      { path: ["connections", 2, "relation"], message: "Log sends Success, Failure, not True" },
    ]);
    expect(warnings.map((w) => w.path)).toEqual([
      ["nodes", 0],
      ["nodes", 1],
      ["nodes", 3],
    ]);
  });
});
