/** Runs a tenant's JavaScript in ThingsBoard's contract: `msg`, `metadata`, `msgType` in. */
export interface ScriptRunner {
  /** Compiles once; a syntax error throws ScriptError with the compiler's message. */
  compile(source: string): CompiledScript;
}

export interface CompiledScript {
  /** The script's return value, copied out of the sandbox; throws ScriptError on failure. */
  run(msg: unknown, metadata: Record<string, string>, msgType: string): unknown;
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
