import { spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { freePort, isPortOpen } from "@industryos/devstack";
import { Supervisor, type ProcessSpec } from "../src/supervisor.ts";

// A small stack under the launcher's supervisor: two HTTP servers, each answering with its pid.
// Killing one with SIGKILL restarts it (logged, counted) while the other keeps answering.
const supervisors: Supervisor[] = [];
afterEach(async () => {
  await Promise.all(supervisors.splice(0).map((s) => s.stop(2_000)));
});

function httpServer(name: string, port: number): ProcessSpec {
  const source = `require("node:http").createServer((q, s) => s.end(String(process.pid))).listen(${port}, "127.0.0.1")`;
  return {
    name,
    start: () => spawn(process.execPath, ["-e", source], { stdio: "ignore", detached: true }),
  };
}

async function pidAt(port: number): Promise<number | undefined> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1_000) });
    return Number(await res.text());
  } catch {
    return undefined;
  }
}

async function waitFor<T>(what: string, read: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function start(specs: ProcessSpec[], extra: Partial<ConstructorParameters<typeof Supervisor>[0]> = {}) {
  const lines: string[] = [];
  const supervisor = new Supervisor({
    log: (line) => lines.push(line),
    backoff: { initialMs: 300, maxMs: 5_000, resetAfterMs: 60_000 },
    ...extra,
  });
  supervisors.push(supervisor);
  for (const spec of specs) supervisor.add(spec);
  return { supervisor, lines };
}

describe("the launcher's supervisor", () => {
  it("restarts a process killed with SIGKILL while the others keep answering", async () => {
    const [ingestPort, webPort] = [await freePort(), await freePort()];
    const { supervisor, lines } = start([httpServer("ingest", ingestPort), httpServer("web", webPort)]);
    const firstIngest = await waitFor("ingest answers", () => pidAt(ingestPort));
    const web = await waitFor("web answers", () => pidAt(webPort));

    process.kill(firstIngest, "SIGKILL");
    const webAnswers: (number | undefined)[] = [];
    const secondIngest = await waitFor("ingest answers again", async () => {
      webAnswers.push(await pidAt(webPort));
      const pid = await pidAt(ingestPort);
      return pid !== undefined && pid !== firstIngest ? pid : undefined;
    });

    expect(secondIngest).not.toBe(firstIngest);
    expect(webAnswers.length).toBeGreaterThan(3); // it was down for a while: the backoff
    expect(new Set(webAnswers)).toEqual(new Set([web])); // web answered every time, never restarted
    expect(supervisor.restarts()).toEqual({ ingest: 1, web: 0 });
    expect(lines.join("\n")).toMatch(/ingest exited \(SIGKILL\) after .*; restart 1 in 300 ms/);
  });

  it("waits longer after each exit in a row", async () => {
    const port = await freePort();
    const { supervisor, lines } = start([httpServer("ingest", port)]);
    for (let i = 0; i < 3; i++) {
      const pid = await waitFor("ingest answers", () => pidAt(port));
      process.kill(pid, "SIGKILL");
      await waitFor("ingest is down", async () => ((await pidAt(port)) === undefined ? true : undefined));
    }
    await waitFor("ingest answers", () => pidAt(port));
    expect(supervisor.restarts()).toEqual({ ingest: 3 });
    const waits = lines.map((line) => /restart \d+ in ([\d.]+ m?s)/.exec(line)?.[1]).filter(Boolean);
    expect(waits).toEqual(["300 ms", "600 ms", "1 s"]);
  });

  it("hands an exit it must not retry to onFatal and stops everything on stop()", async () => {
    const [port, otherPort] = [await freePort(), await freePort()];
    const fatal: string[] = [];
    const { supervisor } = start(
      [
        {
          name: "web",
          start: () => spawn(process.execPath, ["-e", "process.exit(78)"], { stdio: "ignore", detached: true }),
          isFatal: (exit) => exit.code === 78,
        },
        httpServer("ingest", port),
        httpServer("workers", otherPort),
      ],
      { onFatal: (name, exit) => fatal.push(`${name} ${exit.code}`) },
    );
    await waitFor("web reported", async () => (fatal.length ? true : undefined));
    expect(fatal).toEqual(["web 78"]);
    await waitFor("ingest answers", () => pidAt(port));
    await waitFor("workers answer", () => pidAt(otherPort));

    await supervisor.stop(2_000);
    expect(await isPortOpen(port)).toBe(false);
    expect(await isPortOpen(otherPort)).toBe(false);
    await new Promise((r) => setTimeout(r, 700)); // longer than a restart's backoff
    expect(await isPortOpen(port)).toBe(false);
    expect(supervisor.restarts()).toEqual({ web: 0, ingest: 0, workers: 0 });
  });
});
