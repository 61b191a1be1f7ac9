import { afterAll, describe, expect, it } from "vitest";
import {
  checkChain,
  createIsolatedScriptRunner,
  MAX_CHAIN_DEPTH,
  runChain,
  type NodeEvent,
  type RuleChainDefinition,
} from "../src/index.ts";
import { recordingServices } from "./support/recording-services.ts";
import { configErrors, message, TENANT } from "./support/run-node.ts";

const scripts = createIsolatedScriptRunner();
afterAll(() => scripts.dispose());

const CALLER = "aaaaaaaa-0000-4000-8000-000000000001";
const CALLED = "aaaaaaaa-0000-4000-8000-000000000002";
const OTHER_TENANT = "bbbbbbbb-0000-4000-8000-000000000009";

function compiled(definition: RuleChainDefinition) {
  const { errors, chain } = checkChain(definition);
  expect(errors).toEqual([]);
  return chain!;
}

/** input → call(chain `target`) → Success: log "after", Failure: log "failed". */
const caller = (target: string, debug = false): RuleChainDefinition => ({
  nodes: [
    { id: "call", type: "flow.chain", config: { ruleChainId: target }, debug },
    { id: "after", type: "action.log", config: {} },
    { id: "failed", type: "transform.script", config: { script: "return {msg: {failed: metadata.error}};" } },
    { id: "logFailure", type: "action.log", config: {} },
  ],
  connections: [
    { from: "input", to: "call", relation: "Success" },
    { from: "call", to: "after", relation: "Success" },
    { from: "call", to: "failed", relation: "Failure" },
    { from: "failed", to: "logFailure", relation: "Success" },
  ],
});

/** A called chain: saves the message's telemetry, fails (no Failure connection) when `fail` is in it. */
const called: RuleChainDefinition = {
  nodes: [
    { id: "check", type: "filter.script", config: { script: "if (msg.fail) throw new Error('bad'); return true;" } },
    { id: "save", type: "action.saveTimeseries", config: {}, debug: true },
  ],
  connections: [
    { from: "input", to: "check", relation: "Success" },
    { from: "check", to: "save", relation: "True" },
  ],
};

describe("flow.chain", () => {
  it("runs the other chain, then goes on along Success; its nodes' debug events name their chain", async () => {
    const recorded = recordingServices();
    recorded.chains.set(`${TENANT}/${CALLED}`, compiled(called));
    const events: NodeEvent[] = [];
    const run = await runChain(
      compiled(caller(CALLED, true)),
      message({ data: { temperature: 21 } }),
      { services: recorded.services, scripts, chainId: CALLER },
      { onEvent: (e) => events.push(e) },
    );
    expect(run.failures).toEqual([]);
    expect(recorded.saved.map((s) => s.values)).toEqual([{ temperature: 21 }]);
    expect(recorded.logs).toHaveLength(1);
    expect(events.map((e) => [e.chainId, e.nodeId])).toEqual([
      [CALLED, "save"],
      [CALLER, "call"],
    ]);
  });

  it("sends the message to Failure when the called chain fails or does not exist", async () => {
    const recorded = recordingServices();
    recorded.chains.set(`${TENANT}/${CALLED}`, compiled(called));
    const context = { services: recorded.services, scripts, chainId: CALLER };
    await runChain(compiled(caller(CALLED)), message({ data: { fail: true } }), context);
    const missing = "cccccccc-0000-4000-8000-000000000003";
    await runChain(compiled(caller(missing)), message({ data: {} }), context);
    expect(recorded.saved).toEqual([]);
    expect(recorded.logs.map((l) => JSON.parse(l).data.failed)).toEqual([
      expect.stringMatching(new RegExp(`^Rule chain ${CALLED} failed at node check: .*bad`)),
      `No rule chain ${missing} in this tenant`,
    ]);
  });

  it("does not run another tenant's chain", async () => {
    const recorded = recordingServices();
    recorded.chains.set(`${OTHER_TENANT}/${CALLED}`, compiled(called));
    const run = await runChain(compiled(caller(CALLED)), message({ data: { temperature: 1 } }), {
      services: recorded.services,
      scripts,
      chainId: CALLER,
    });
    expect(run.failures).toEqual([]);
    expect(recorded.saved).toEqual([]);
    expect(JSON.parse(recorded.logs[0]!).data.failed).toBe(`No rule chain ${CALLED} in this tenant`);
  });

  it(`stops a chain that calls itself after ${MAX_CHAIN_DEPTH} levels, saying so in debug`, async () => {
    const recorded = recordingServices();
    const loop = compiled({
      nodes: [
        { id: "save", type: "action.saveTimeseries", config: {} },
        { id: "again", type: "flow.chain", config: { ruleChainId: CALLER }, debug: true },
      ],
      connections: [
        { from: "input", to: "save", relation: "Success" },
        { from: "save", to: "again", relation: "Success" },
      ],
    });
    recorded.chains.set(`${TENANT}/${CALLER}`, loop);
    const events: NodeEvent[] = [];
    const run = await runChain(
      loop,
      message({ data: { t: 1 } }),
      { services: recorded.services, scripts, chainId: CALLER },
      { onEvent: (e) => events.push(e) },
    );
    expect(recorded.saved).toHaveLength(MAX_CHAIN_DEPTH + 1);
    expect(run.failures).toEqual([
      {
        nodeId: "again",
        retryable: false,
        error: `Rule chains nest more than ${MAX_CHAIN_DEPTH} deep (chain ${CALLER} calls ${CALLER}): does a chain call itself?`,
      },
    ]);
    // Every level's node shows the same words, the innermost first.
    expect(events).toHaveLength(MAX_CHAIN_DEPTH + 1);
    expect(new Set(events.map((e) => e.error))).toEqual(new Set([run.failures[0]!.error]));
  });

  it("keeps a retryable failure of the called chain retryable", async () => {
    const recorded = recordingServices();
    recorded.answerWith(503);
    recorded.chains.set(
      `${TENANT}/${CALLED}`,
      compiled({
        nodes: [{ id: "hook", type: "external.webhook", config: { url: "https://example.com/hook" } }],
        connections: [{ from: "input", to: "hook", relation: "Success" }],
      }),
    );
    const chain = compiled({
      nodes: [{ id: "call", type: "flow.chain", config: { ruleChainId: CALLED } }],
      connections: [{ from: "input", to: "call", relation: "Success" }],
    });
    const run = await runChain(chain, message({ data: {} }), { services: recorded.services, scripts });
    expect(run.failures).toMatchObject([{ nodeId: "call", retryable: true }]);
  });

  it("asks for a chain id", () => {
    expect(configErrors("flow.chain", {})).toEqual([expect.stringMatching(/^ruleChainId: /)]);
    expect(configErrors("flow.chain", { ruleChainId: "root" })).toEqual(["ruleChainId: Choose a rule chain"]);
  });
});
