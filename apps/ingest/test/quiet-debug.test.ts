// mqtt-packet's debug output: off (and free) unless DEBUG names it when ingest starts. Each case
// runs in a fresh Node process, as ingest's main does: quiet-debug first, then mqtt-packet.
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const appDir = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Parses one PUBLISH in a fresh process and returns how many debug lines mqtt-packet wrote. */
function debugLinesWhileParsing(opts: { quiet: boolean; env?: Record<string, string>; enableLater?: string }): number {
  const script = `
    ${opts.quiet ? 'import "./src/mqtt/quiet-debug.ts";' : ""}
    import { createRequire } from "node:module";
    const fromPacket = createRequire(createRequire(import.meta.url).resolve("mqtt-packet"));
    const createDebug = fromPacket("debug");
    let lines = 0;
    createDebug.log = () => lines++;
    const mqttPacket = fromPacket("mqtt-packet");
    ${opts.enableLater ? `createDebug.enable(${JSON.stringify(opts.enableLater)});` : ""}
    const parser = mqttPacket.parser({ protocolVersion: 4 });
    parser.parse(mqttPacket.generate({ cmd: "publish", topic: "v1/devices/me/telemetry", payload: "{}", qos: 1, messageId: 7 }));
    console.log(lines);
  `;
  const env = { ...process.env, DEBUG: "", ...opts.env };
  const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: appDir,
    env,
    encoding: "utf8",
  });
  return Number(out.trim());
}

describe("quiet debug", () => {
  it("hands mqtt-packet a debug that stays silent when DEBUG did not name it at start-up", () => {
    // Without it, mqtt-packet's debug calls are live: enabling the namespace makes them print.
    expect(debugLinesWhileParsing({ quiet: false, enableLater: "mqtt-packet:*" })).toBeGreaterThan(0);
    // With it, they are no-ops, even once enabled (the price of not paying for them per packet).
    expect(debugLinesWhileParsing({ quiet: true, enableLater: "mqtt-packet:*" })).toBe(0);
  });

  it("keeps DEBUG=mqtt-packet:* working for someone tracing packets", () => {
    expect(debugLinesWhileParsing({ quiet: true, env: { DEBUG: "mqtt-packet:parser" } })).toBeGreaterThan(0);
  });
});
