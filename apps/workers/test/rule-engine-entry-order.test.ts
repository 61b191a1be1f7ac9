import { describe, expect, it } from "vitest";
import { ruleEngineEntries } from "@industryos/device-protocol";
import { checkChain, type RuleServices, type ScriptRunner } from "@industryos/rules";
import type { ChainDirectory } from "../src/rules/chain-directory.ts";
import type { DeviceDirectory } from "../src/rules/device-directory.ts";
import { createEntryProcessor, type StreamEntry } from "../src/rules/entry-processor.ts";
import type { RuleEngineMetrics } from "../src/rules/metrics.ts";
import { ruleEngineSettings } from "../src/rules/settings.ts";
import type { SideStreams } from "../src/rules/side-streams.ts";
import { logger, telemetry } from "./support/rule-engine.ts";

// The entry processor alone, over stubs: the order an entry's messages run in is what is tested.
const TENANT = "7b1e4c2a-1f0d-4c8e-9a6b-2d3e4f5a6b7c";
const A = "3f0c9a4e-8a7b-4d2e-9c1f-5b6a7d8e9f0a";
// Two devices of one partition (partitionOf), so their messages share an entry.
const B = "3f0c9a4e-8a7b-4d2e-9c1f-5b6a7d8e9f16";
const NAMES: Record<string, string> = { [A]: "A", [B]: "B" };

const chain = checkChain({
  nodes: [{ id: "script", type: "transform.script", config: { script: "return {msg: msg};" } }],
  connections: [{ from: "input", to: "script", relation: "Success" }],
}).chain!;

/** A sandbox whose runs the test finishes by hand: `calls` in the order the chains asked for them. */
function heldScripts() {
  const calls: { name: string; finish: (error?: Error) => void }[] = [];
  const scripts: ScriptRunner = {
    compile: () => ({
      run: () => {
        throw new Error("runInBatch only");
      },
      runInBatch: (msg, metadata) =>
        new Promise((resolve, reject) =>
          calls.push({
            name: `${metadata.deviceName}:${(msg as { n: number }).n}`,
            finish: (error) => (error ? reject(error) : resolve({ msg })),
          }),
        ),
    }),
  };
  return { calls, scripts };
}

function processor(scripts: ScriptRunner) {
  const letters: string[] = [];
  const entries = createEntryProcessor({
    settings: ruleEngineSettings({ retryAttempts: 1, maxDeliveries: 5 }),
    devices: {
      get: async (_tenantId: string, id: string) => ({ name: NAMES[id]!, type: "sensor", ruleChainId: null }),
    } as unknown as DeviceDirectory,
    chains: { chainFor: async () => ({ id: "chain", chain }) } as unknown as ChainDirectory,
    services: {} as RuleServices,
    scripts,
    side: {
      deadLetter: async (letter: { error: string }) => void letters.push(letter.error),
      debugEvents: async () => undefined,
    } as unknown as SideStreams,
    metrics: { processed() {}, failed() {}, deadLettered() {} } as unknown as RuleEngineMetrics,
    logger,
  });
  return { entries, letters };
}

/** One entry of `messages` ([device, n]), as ingest writes it. */
function entryOf(messages: [string, number][], deliveries = 1): StreamEntry {
  const written = ruleEngineEntries(messages.map(([device, n]) => telemetry(TENANT, device, { n })));
  expect(written).toHaveLength(1);
  return {
    partition: 0,
    stream: written[0]!.stream,
    id: "1-0",
    fields: ["msgs", written[0]!.entry.toString("utf8")],
    deliveries,
  };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));
const names = (calls: { name: string }[]) => calls.map((c) => c.name);

describe("an entry's messages: one originator's in order, different originators' side by side", () => {
  it("runs B's message while A's first waits, and A's second only after A's first finished", async () => {
    const { calls, scripts } = heldScripts();
    const { entries } = processor(scripts);
    const outcome = entries.process(
      entryOf([
        [A, 1],
        [B, 1],
        [A, 2],
      ]),
    );
    await turn();
    expect(names(calls)).toEqual(["A:1", "B:1"]);
    calls[1]!.finish();
    await turn();
    expect(names(calls)).toEqual(["A:1", "B:1"]);
    calls[0]!.finish();
    await turn();
    expect(names(calls)).toEqual(["A:1", "B:1", "A:2"]);
    calls[2]!.finish();
    expect(await outcome).toBe("done");
  });

  it("keeps the entry pending when A's message fails retryably, lets B's finish, and runs only what is left on redelivery", async () => {
    const { calls, scripts } = heldScripts();
    const { entries, letters } = processor(scripts);
    const messages: [string, number][] = [
      [A, 1],
      [B, 1],
      [A, 2],
      [B, 2],
    ];
    const first = entries.process(entryOf(messages));
    await turn();
    expect(names(calls)).toEqual(["A:1", "B:1"]);
    calls[0]!.finish(new Error("database unavailable")); // retryable: A's second must not run
    calls[1]!.finish();
    await turn();
    expect(names(calls)).toEqual(["A:1", "B:1", "B:2"]);
    calls[2]!.finish();
    expect(await first).toBe("retry-later");
    expect(names(calls)).toEqual(["A:1", "B:1", "B:2"]);

    calls.length = 0;
    const again = entries.process(entryOf(messages, 2));
    await turn();
    expect(names(calls)).toEqual(["A:1"]);
    calls[0]!.finish();
    await turn();
    expect(names(calls)).toEqual(["A:1", "A:2"]);
    calls[1]!.finish();
    expect(await again).toBe("done");
    expect(letters).toEqual([]);
  });
});
