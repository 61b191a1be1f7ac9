import { afterAll, describe, expect, it } from "vitest";
import {
  checkChain,
  createIsolatedScriptRunner,
  createMessage,
  deriveMessage,
  messageIdFrom,
  NODE_TYPES,
  runChain,
  type RuleChainDefinition,
} from "../src/index.ts";
import { recordingServices } from "./support/recording-services.ts";
import { configErrors, device, message, TENANT } from "./support/run-node.ts";

const scripts = createIsolatedScriptRunner();
afterAll(() => scripts.dispose());

const CHAIN = "aaaaaaaa-0000-4000-8000-000000000001";

/** input → delay (1 hour, at most 2 waiting) → save; Failure → log. */
const delayed: RuleChainDefinition = {
  nodes: [
    { id: "wait", type: "action.delay", config: { period: 1, unit: "HOURS", maxPendingMessages: 2 } },
    { id: "save", type: "action.saveTimeseries", config: {} },
    { id: "tooMany", type: "action.log", config: {} },
  ],
  connections: [
    { from: "input", to: "wait", relation: "Success" },
    { from: "wait", to: "save", relation: "Success" },
    { from: "wait", to: "tooMany", relation: "Failure" },
  ],
};

function compiled(definition: RuleChainDefinition) {
  const { errors, chain } = checkChain(definition);
  expect(errors).toEqual([]);
  return chain!;
}

describe("action.delay", () => {
  it("hands the message over and ends the run there; a redelivered message is not held twice", async () => {
    const recorded = recordingServices();
    const context = { services: recorded.services, scripts, chainId: CHAIN };
    const input = message({ data: { t: 1 } });
    const run = await runChain(compiled(delayed), input, context);
    expect(run.failures).toEqual([]);
    expect(recorded.saved).toEqual([]);
    expect([...recorded.held.values()]).toEqual([
      { tenantId: TENANT, chainId: CHAIN, nodeId: "wait", message: input, delayMs: 3_600_000, maxPending: 2 },
    ]);
    await runChain(compiled(delayed), input, context);
    expect(recorded.held.size).toBe(1);
    expect(recorded.logs).toEqual([]);
  });

  it("sends a message to Failure when the most messages already wait", async () => {
    const recorded = recordingServices();
    const context = { services: recorded.services, scripts, chainId: CHAIN };
    for (let i = 0; i < 3; i++) await runChain(compiled(delayed), message({ data: { i } }), context);
    expect(recorded.held.size).toBe(2);
    expect(recorded.logs.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({ data: { i: 2 }, metadata: { error: "2 messages already wait in this delay node" } }),
    ]);
  });

  it("goes on from the node's Success connections when resumed", async () => {
    const recorded = recordingServices();
    const input = message({ data: { t: 7 } });
    const run = await runChain(
      compiled(delayed),
      input,
      { services: recorded.services, scripts, chainId: CHAIN },
      { start: { nodeId: "wait", relation: "Success" } },
    );
    expect(run.followed).toEqual(new Map([["wait->Success->save", 1]]));
    expect(recorded.saved.map((s) => s.values)).toEqual([{ t: 7 }]);
    expect(recorded.held.size).toBe(0);
    const gone = await runChain(
      compiled(delayed),
      input,
      { services: recorded.services, scripts },
      {
        start: { nodeId: "removed", relation: "Success" },
      },
    );
    expect(gone.failures).toEqual([
      { nodeId: "removed", error: "The chain has no node removed any more", retryable: false },
    ]);
  });

  it("takes a period and a unit, at most a year", () => {
    expect(NODE_TYPES.get("action.delay")!.config.parse({})).toEqual({
      period: 60,
      unit: "SECONDS",
      maxPendingMessages: 1000,
    });
    expect(configErrors("action.delay", { period: 366, unit: "DAYS" })).toEqual(["period: At most 365 days"]);
    expect(configErrors("action.delay", { period: 0 })).toEqual(["period: At least 1"]);
    expect(configErrors("action.delay", { period: 1, unit: "WEEKS" })).toHaveLength(1);
  });
});

describe("message ids", () => {
  it("derives the same ids from the same parent and node, and different ones for other nodes or elements", () => {
    expect(messageIdFrom("rule-engine:1/1-0/0/0")).toBe(messageIdFrom("rule-engine:1/1-0/0/0"));
    expect(messageIdFrom("a")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const parent = message();
    const again = { ...parent };
    expect(deriveMessage(parent, {}, "script-1").id).toBe(deriveMessage(again, {}, "script-1").id);
    expect(deriveMessage(parent, {}, "script-1").id).not.toBe(deriveMessage(parent, {}, "script-2").id);
    expect(deriveMessage(parent, {}).id).not.toBe(deriveMessage(parent, {}).id);
  });
});

/** A chain of a generator feeding a save node. */
const generated = (config: Record<string, unknown>): RuleChainDefinition => ({
  nodes: [
    { id: "gen", type: "action.generator", config },
    { id: "save", type: "action.saveTimeseries", config: {} },
  ],
  connections: [{ from: "gen", to: "save", relation: "Success" }],
});

const tick = (ts: number) =>
  createMessage({ type: "GENERATOR", tenantId: TENANT, originator: { type: "TENANT", id: TENANT }, ts, data: null });

describe("action.generator", () => {
  it("runs its script on each tick with the previous message, from the tenant unless told otherwise", async () => {
    const recorded = recordingServices();
    const chain = compiled(
      generated({
        periodSeconds: 10,
        script:
          "var n = (msg.n || 0) + 1; return {msg: {n: n}, metadata: {round: n}, msgType: 'POST_TELEMETRY_REQUEST'};",
      }),
    );
    const context = { services: recorded.services, scripts, chainId: CHAIN };
    for (const ts of [1_000, 11_000, 21_000]) await runChain(chain, tick(ts), context, { start: { nodeId: "gen" } });
    expect(recorded.saved).toEqual([
      { originator: { type: "TENANT", id: TENANT }, ts: 1_000, values: { n: 1 } },
      { originator: { type: "TENANT", id: TENANT }, ts: 11_000, values: { n: 2 } },
      { originator: { type: "TENANT", id: TENANT }, ts: 21_000, values: { n: 3 } },
    ]);
  });

  it("refuses an originator that is not in the tenant", async () => {
    const recorded = recordingServices();
    const chain = compiled(generated({ originatorType: "DEVICE", originatorId: device.id }));
    const context = { services: recorded.services, scripts, chainId: CHAIN };
    const refused = await runChain(chain, tick(1), context, { start: { nodeId: "gen" } });
    expect(refused.failures).toEqual([
      {
        nodeId: "gen",
        retryable: false,
        error: `The generator's originator, DEVICE ${device.id}, is not in this tenant`,
      },
    ]);
    recorded.entities.set(device.id, {
      id: device.id,
      entityType: "DEVICE",
      name: "d1",
      label: null,
      type: "default",
      profileName: "default",
      customerId: null,
      createdTime: 1,
    });
    await runChain(chain, tick(2), context, { start: { nodeId: "gen" } });
    expect(recorded.saved).toEqual([{ originator: device, ts: 2, values: { temperature: 42, humidity: 77 } }]);
  });

  it("is a source: a chain may start from it, and nothing connects into it", () => {
    expect(checkChain(generated({})).errors).toEqual([]);
    expect(checkChain(generated({})).warnings).toEqual([]);
    const into = checkChain({
      nodes: generated({}).nodes,
      connections: [
        { from: "input", to: "gen", relation: "Success" },
        { from: "gen", to: "save", relation: "Success" },
      ],
    });
    expect(into.errors).toEqual([
      { path: ["connections", 0, "to"], message: "Generator makes its own messages: nothing connects into it" },
    ]);
    expect(configErrors("action.generator", { originatorType: "ASSET" })).toEqual([
      "originatorId: Name the originator's id",
    ]);
  });
});
