/** Runs a tenant's JavaScript in ThingsBoard's contract: `msg`, `metadata`, `msgType` in. */
export interface ScriptRunner {
  /** Compiles once; a syntax error throws ScriptError with the compiler's message. */
  compile(source: string): CompiledScript;
}

export interface CompiledScript {
  /** The script's return value, copied out of the sandbox; throws ScriptError on failure. */
  run(msg: unknown, metadata: Record<string, string>, msgType: string): unknown;
  /**
   * The same run, evaluated with the script's other runs asked for in the same turn of the event
   * loop (one sandbox crossing for all; batched-runs.ts). Optional: `runScript` falls back to `run`.
   */
  runInBatch?(msg: unknown, metadata: Record<string, string>, msgType: string): Promise<unknown>;
}

/** A node's script run: batched where the runner can, else the plain run. Rejects or throws ScriptError. */
export function runScript(
  script: CompiledScript,
  msg: unknown,
  metadata: Record<string, string>,
  msgType: string,
): unknown {
  return script.runInBatch ? script.runInBatch(msg, metadata, msgType) : script.run(msg, metadata, msgType);
}

/** A script failed: syntax, an exception it threw, its time or memory limit. The message says which. */
export class ScriptError extends Error {
  constructor(
    message: string,
    public readonly reason: "syntax" | "exception" | "timeout" | "memory" | "output",
  ) {
    super(message);
    this.name = "ScriptError";
  }
}
