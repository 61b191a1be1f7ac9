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

describe("script runs batched within one turn of the event loop", () => {
  const batched = (source: string, count: number) => {
    const compiled = scripts.compile(source);
    return Promise.allSettled(
      Array.from({ length: count }, (_, t) =>
        compiled.runInBatch!({ t }, { deviceName: "d" }, "POST_TELEMETRY_REQUEST"),
      ),
    );
  };
  const values = (settled: PromiseSettledResult<unknown>[]) =>
    settled.map((s) => (s.status === "fulfilled" ? s.value : (s.reason as ScriptError).reason));

  it("gives each message its own result, in order, from its own copy", async () => {
    const settled = await batched("msg.t = msg.t * 2; return {msg: msg, metadata: metadata, msgType: msgType};", 5);
    expect(values(settled)).toEqual(
      [0, 2, 4, 6, 8].map((t) => ({ msg: { t }, metadata: { deviceName: "d" }, msgType: "POST_TELEMETRY_REQUEST" })),
    );
  });

  it("fails only the message the script threw for, with the error a single run reports", async () => {
    const source = "if (msg.t === 2) throw new Error('bad reading ' + msg.t); return msg.t;";
    const settled = await batched(source, 4);
    expect(values(settled)).toEqual([0, 1, "exception", 3]);
    const single = await scripts.compile(source).runInBatch!({ t: 2 }, {}, "X").catch(
      (error: unknown) => error as ScriptError,
    );
    expect((settled[2] as PromiseRejectedResult).reason.message).toBe((single as ScriptError).message);
    expect((single as ScriptError).message).toMatch(/bad reading 2/);
  });

  it("stops a message's endless loop at the time limit and fails only that message", async () => {
    const started = performance.now();
    const settled = await batched("if (msg.t === 1) while (true) {} return msg.t;", 4);
    expect(values(settled)).toEqual([0, "timeout", 2, 3]);
    // The batch's limit, then the looping message's own: not one limit per message of the batch.
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("fails only the message whose script tried to reach the host or returned what cannot be copied", async () => {
    const escape = await batched("if (msg.t === 1) return process.env; return msg.t;", 3);
    expect(values(escape)).toEqual([0, "exception", 2]);
    expect((escape[1] as PromiseRejectedResult).reason.message).toMatch(/process is not defined/);
    const uncopyable = await batched("if (msg.t === 0) return function () {}; return msg.t;", 3);
    expect(values(uncopyable)).toEqual(["exception", 1, 2]);
  });

  it("after a memory bomb in a batch, the other messages still get their results", async () => {
    const settled = await batched(
      "if (msg.t === 1) { const a = []; while (true) a.push(new Array(100000).fill('x')); } return msg.t;",
      3,
    );
    expect(values(settled)[0]).toBe(0);
    expect(["memory", "timeout"]).toContain(values(settled)[1]);
    expect(values(settled)[2]).toBe(2);
  });
});
