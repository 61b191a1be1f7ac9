import { ZodError } from "zod";
import { FAILURE, type CompiledChain } from "./chain.ts";
import type { RuleMessage } from "./message.ts";
import type { NodeContext, NodeOutput } from "./node.ts";
import { PermanentError } from "./errors.ts";
import { ScriptError } from "./sandbox/script-runner.ts";

/** What a node did with one message: captured for nodes with debug on. */
export interface NodeEvent {
  nodeId: string;
  /** The chain of the node (NodeContext's `chainId`): a chain called through `flow.chain` reports its own. */
  chainId?: string;
  input: RuleMessage;
  outputs: { relation: string; message: RuleMessage }[];
  error?: string;
  durationMs: number;
}

export interface NodeFailure {
  nodeId: string;
  error: string;
  /**
   * False for failures that another attempt cannot fix (a script error, bad data for the node);
   * true for infrastructure (a database or network error): the consumer retries those.
   */
  retryable: boolean;
}

export interface ChainRun {
  /** Node executions, in order. */
  steps: number;
  /** Failures no `Failure` connection took. */
  failures: NodeFailure[];
  /** Relations per connection actually followed, `from->relation->to`, for the editor's counters. */
  followed: Map<string, number>;
}

export interface RunOptions {
  /** A chain that loops forever is cut after this many node executions (a failure). */
  maxSteps?: number;
  onEvent?: (event: NodeEvent) => void;
  /**
   * Where the message enters instead of `input`: the node itself (a generator's tick), or, with
   * `relation`, that node's connections on it (a message resumed after the delay node held it).
   */
  start?: { nodeId: string; relation?: string };
}

const permanent = (error: unknown) =>
  error instanceof ScriptError || error instanceof ZodError || error instanceof PermanentError;

/**
 * The `from->relation->to` key of each connection in a node's `next` list, made once per compiled
 * chain: building the strings on every hop of every message showed in the rule engine's profile.
 */
const connectionKeys = new WeakMap<readonly string[], string[]>();

function keysOf(from: string, relation: string, targets: readonly string[]): string[] {
  let keys = connectionKeys.get(targets);
  if (!keys) {
    keys = targets.map((to) => `${from}->${relation}->${to}`);
    connectionKeys.set(targets, keys);
  }
  return keys;
}

/** Queues the nodes connected to `from` on the output's relation, counting each connection followed. */
function follow(chain: CompiledChain, run: ChainRun, queue: [string, RuleMessage][], from: string, output: NodeOutput) {
  const targets = chain.nodes.get(from)?.next.get(output.relation);
  if (!targets) return;
  const keys = keysOf(from, output.relation, targets);
  for (let i = 0; i < targets.length; i++) {
    run.followed.set(keys[i]!, (run.followed.get(keys[i]!) ?? 0) + 1);
    queue.push([targets[i]!, output.message]);
  }
}

/**
 * `flow.chain`'s way into a called chain, one level deeper. Made by a function rather than as a
 * named closure in runChain: under tsx (how `npm start` runs the workers) every named closure
 * gets its name set by `__name` when it is made, ~0.7 µs, once per message here.
 */
function chainCaller(context: NodeContext, depth: number, options: RunOptions, maxSteps: number) {
  return (chainId: string, called: CompiledChain, input: RuleMessage) =>
    runChain(called, input, { ...context, chainId, depth: depth + 1 }, { maxSteps, onEvent: options.onEvent });
}

/**
 * Runs one message through a chain: each node's outputs follow the connections labelled with
 * their relation, one node at a time (so a chain's actions for one message happen in order).
 * A node that throws sends the message along its `Failure` connections, or records a failure.
 * This runs for every node of every message the rule engine reads: no closure or spread per node.
 */
export async function runChain(
  chain: CompiledChain,
  message: RuleMessage,
  context: NodeContext,
  options: RunOptions = {},
): Promise<ChainRun> {
  const maxSteps = options.maxSteps ?? 1000;
  const run: ChainRun = { steps: 0, failures: [], followed: new Map() };
  const queue: [string, RuleMessage][] = [];
  const start = options.start;
  if (!start) for (const id of chain.entry) queue.push([id, message]);
  else if (!chain.nodes.has(start.nodeId)) {
    // The node was removed (or its chain replaced) while the message waited for it.
    run.failures.push({
      nodeId: start.nodeId,
      error: `The chain has no node ${start.nodeId} any more`,
      retryable: false,
    });
    return run;
  } else if (start.relation) follow(chain, run, queue, start.nodeId, { relation: start.relation, message });
  else queue.push([start.nodeId, message]);

  const depth = context.depth ?? 0;
  const callChain = chainCaller(context, depth, options, maxSteps);
  const chainId = context.chainId;

  while (queue.length > 0) {
    const [nodeId, input] = queue.shift()!;
    const node = chain.nodes.get(nodeId)!;
    if (++run.steps > maxSteps) {
      run.failures.push({
        nodeId,
        error: `Stopped after ${maxSteps} node runs: does the chain loop?`,
        retryable: false,
      });
      break;
    }
    const started = node.debug ? performance.now() : 0;
    try {
      const outputs = await node.type.run(input, node.config, {
        services: context.services,
        scripts: context.scripts,
        chainId,
        depth: context.depth,
        nodeId,
        callChain,
      });
      if (node.debug) options.onEvent?.({ nodeId, chainId, input, outputs, durationMs: performance.now() - started });
      for (const output of outputs) follow(chain, run, queue, nodeId, output);
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      if (node.debug)
        options.onEvent?.({
          nodeId,
          chainId,
          input,
          outputs: [],
          error: text,
          durationMs: performance.now() - started,
        });
      const failed = { ...input, metadata: { ...input.metadata, error: text } };
      if (node.next.has(FAILURE)) follow(chain, run, queue, nodeId, { relation: FAILURE, message: failed });
      else run.failures.push({ nodeId, error: text, retryable: !permanent(error) });
    }
  }
  return run;
}
