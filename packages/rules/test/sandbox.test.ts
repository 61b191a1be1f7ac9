import { afterAll, describe, expect, it } from "vitest";
import { createIsolatedScriptRunner, ScriptError } from "../src/index.ts";

const scripts = createIsolatedScriptRunner({ memoryMb: 16, timeoutMs: 50 });
afterAll(() => scripts.dispose());

const run = (source: string, msg: unknown = {}) =>
  scripts.compile(source).run(msg, { deviceName: "d" }, "POST_TELEMETRY_REQUEST");
const failure = (source: string) => {
  try {
    run(source);
  } catch (error) {
    return error as ScriptError;
  }
  throw new Error("the script did not fail");
};

describe("the script sandbox", () => {
  it("runs ThingsBoard's contract: msg, metadata and msgType in, a copy out", () => {
    expect(run("return {msg: msg, metadata: metadata, msgType: msgType};", { t: 1 })).toEqual({
      msg: { t: 1 },
      metadata: { deviceName: "d" },
      msgType: "POST_TELEMETRY_REQUEST",
    });
  });

  it("reports a syntax error when the script is compiled", () => {
    expect(() => scripts.compile("return msg.;")).toThrow(ScriptError);
  });

  it("offers nothing of Node.js: no process, require, or host objects through constructors", () => {
    expect(failure("return process.env;").message).toMatch(/process is not defined/);
    expect(failure("return require('fs');").message).toMatch(/require is not defined/);
    // The constructor trick reaches only the sandbox's own Function, whose globals have no process.
    expect(failure("return this.constructor.constructor('return process')().exit(1);").message).toMatch(
      /process is not defined/,
    );
  });

  it("stops an endless loop at the time limit, and keeps working after it", () => {
    const stopped = failure("while (true) {}");
    expect(stopped.reason).toBe("timeout");
    expect(run("return 1 + 1;")).toBe(2);
  });

  it("stops a memory bomb at the memory limit, then runs the next script in a fresh isolate", () => {
    const compiled = scripts.compile("return msg.t * 2;");
    const bomb = failure("const a = []; while (true) a.push(new Array(100000).fill('x'));");
    expect(["memory", "timeout"]).toContain(bomb.reason);
    expect(compiled.run({ t: 21 }, {}, "X")).toBe(42);
  });

  it("keeps each script's globals to itself: one tenant's script cannot change JSON or prototypes under another's", () => {
    const tamper = scripts.compile("JSON.stringify = () => 'owned'; Array.prototype.map = null; return true;");
    const victim = scripts.compile("return JSON.stringify([1, 2].map((x) => x * 2));");
    tamper.run({}, {}, "X");
    expect(victim.run({}, {}, "X")).toBe("[2,4]");
  });

  it("cannot change the host's message", () => {
    const msg = { t: 1 };
    run("msg.t = 2; return true;", msg);
    expect(msg.t).toBe(1);
  });
});
