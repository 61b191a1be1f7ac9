import ivm from "isolated-vm";
import { ScriptError, type CompiledScript, type ScriptRunner } from "./script-runner.ts";
import { batchedRuns, type BatchOutcome, type ScriptCall } from "./batched-runs.ts";

export interface SandboxLimits {
  /** Heap of the sandbox's isolate, in MiB (isolated-vm's minimum is 8). */
  memoryMb: number;
  /** Wall time one run may take. */
  timeoutMs: number;
}

export const DEFAULT_SANDBOX_LIMITS: SandboxLimits = { memoryMb: 32, timeoutMs: 100 };

/**
 * Made in each script's own context from its function: runs it for every call of a batch and
 * reports per call whether it threw. It uses no global the script could replace (literals and
 * indexes only), and what the script can change here are its own results.
 */
const BATCH_OF = `(function (fn) {
  return function (calls) {
    const out = [];
    for (let i = 0; i < calls.length; i++) {
      const call = calls[i];
      try {
        out[i] = { ok: true, value: fn(call[0], call[1], call[2]) };
      } catch (error) {
        out[i] = { ok: false };
      }
    }
    return out;
  };
})`;

type Fn = ivm.Reference<(...args: unknown[]) => unknown>;

/**
 * Scripts run in a V8 isolate of their own (isolated-vm): a separate heap with a memory limit,
 * no Node.js globals (no `process`, `require`, timers or I/O), and a time limit per run. Each
 * compiled script gets its own context (its own globals), so one tenant's script cannot change
 * `JSON` or `Array.prototype` under another's. A script that exhausts the heap kills only the
 * isolate; the next run gets a fresh one and recompiles. Inputs and outputs cross as copies, so a
 * script cannot reach an object of the host.
 */
export function createIsolatedScriptRunner(limits: SandboxLimits = DEFAULT_SANDBOX_LIMITS): ScriptRunner & {
  dispose(): void;
} {
  let isolate: ivm.Isolate | undefined;
  let generation = 0;

  function ready(): ivm.Isolate {
    if (!isolate || isolate.isDisposed) {
      isolate = new ivm.Isolate({ memoryLimit: limits.memoryMb });
      generation++;
    }
    return isolate;
  }

  function classify(error: unknown): ScriptError {
    const text = error instanceof Error ? error.message : String(error);
    if (/timed out/i.test(text)) return new ScriptError(`The script ran longer than ${limits.timeoutMs} ms`, "timeout");
    if (/memory limit|disposed/i.test(text))
      return new ScriptError(`The script used more than ${limits.memoryMb} MiB of memory`, "memory");
    return new ScriptError(text, "exception");
  }

  return {
    compile(source: string): CompiledScript {
      // Compiled in the current isolate first, so a syntax error surfaces when the chain is saved.
      const wrapped = `(function (msg, metadata, msgType) {\n${source}\n})`;
      let compiledIn = -1;
      let fn: Fn | undefined;
      let context: ivm.Context | undefined;
      let batch: Fn | undefined;
      let batchIn = -1;
      const load = () => {
        const current = ready();
        if (fn && compiledIn === generation) return fn;
        try {
          // A context of its own: `globalThis` only; no console, timers or host objects inside.
          context = current.createContextSync();
          const script = current.compileScriptSync(wrapped, { filename: "rule-script.js" });
          fn = script.runSync(context, { reference: true, timeout: limits.timeoutMs }) as Fn;
        } catch (error) {
          const text = error instanceof Error ? error.message : String(error);
          if (error instanceof SyntaxError || /SyntaxError/.test(text)) throw new ScriptError(text, "syntax");
          throw classify(error);
        }
        compiledIn = generation;
        return fn;
      };
      load();
      const runOne = (call: ScriptCall) => {
        const reference = load();
        try {
          return reference.applySync(undefined, call, {
            timeout: limits.timeoutMs,
            arguments: { copy: true },
            result: { copy: true },
          });
        } catch (error) {
          throw classify(error);
        }
      };
      /** The whole batch within one run's time limit; past it, each call runs alone (batched-runs.ts). */
      const runMany = (calls: ScriptCall[]) => {
        const reference = load();
        if (!batch || batchIn !== generation) {
          const current = ready();
          const of = current.compileScriptSync(BATCH_OF).runSync(context!, { reference: true }) as Fn;
          batch = of.applySync(undefined, [reference.derefInto()], { result: { reference: true } }) as Fn;
          batchIn = generation;
        }
        return batch.applySync(undefined, [calls], {
          timeout: limits.timeoutMs,
          arguments: { copy: true },
          result: { copy: true },
        }) as BatchOutcome[];
      };
      const runInBatch = batchedRuns(runOne, runMany);
      return {
        run: (msg, metadata, msgType) => runOne([msg, metadata, msgType]),
        runInBatch: (msg, metadata, msgType) => runInBatch([msg, metadata, msgType]),
      };
    },
    dispose() {
      if (isolate && !isolate.isDisposed) isolate.dispose();
    },
  };
}
