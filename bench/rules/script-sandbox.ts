/**
 * Sandboxed script evaluations per second: a filter script (`return msg.temperature > 30;`) run
 * in the rule engine's isolated-vm sandbox, one message per call; then the transform batched as
 * the rule engine's lanes ask for it (`runInBatch`, 8 calls per turn of the event loop: one crossing).
 *
 *   npx tsx bench/rules/script-sandbox.ts [--runs 200000]
 */
import { parseArgs } from "node:util";
import { createIsolatedScriptRunner } from "@industryos/rules";

const TARGET_PER_SECOND = 50_000;
const { values } = parseArgs({ options: { runs: { type: "string", default: "200000" } } });
const runs = Number(values.runs);

const scripts = createIsolatedScriptRunner();
const filter = scripts.compile("return msg.temperature > 30;");
const transform = scripts.compile("msg.fahrenheit = msg.temperature * 1.8 + 32; return {msg: msg};");
const metadata = { deviceName: "Boiler 7", deviceType: "boiler", ts: "1700000000000" };

function measure(name: string, script: typeof filter) {
  for (let i = 0; i < 2_000; i++) script.run({ temperature: i % 60 }, metadata, "POST_TELEMETRY_REQUEST");
  const latencies = new Float64Array(runs);
  const started = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    script.run({ temperature: i % 60, humidity: 40 }, metadata, "POST_TELEMETRY_REQUEST");
    latencies[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort();
  const perSecond = Math.round(runs / seconds);
  const p = (q: number) => latencies[Math.min(runs - 1, Math.floor(q * runs))]!.toFixed(1);
  console.log(
    `${name.padEnd(10)} ${perSecond.toLocaleString("en")} evaluations/s (target ≥ ${TARGET_PER_SECOND.toLocaleString("en")}: ${perSecond >= TARGET_PER_SECOND ? "met" : "MISSED"})  p50 ${p(0.5)} µs  p99 ${p(0.99)} µs`,
  );
}

console.log(`${runs.toLocaleString("en")} runs per script, one message per call, on ${process.version}`);
measure("filter", filter);
measure("transform", transform);
async function measureBatched(name: string, script: typeof filter, perTurn: number) {
  const turn = (i: number) =>
    Promise.all(
      Array.from({ length: perTurn }, (_, j) =>
        script.runInBatch!({ temperature: (i + j) % 60, humidity: 40 }, metadata, "POST_TELEMETRY_REQUEST"),
      ),
    );
  for (let i = 0; i < 2_000; i += perTurn) await turn(i);
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  for (let i = 0; i < runs; i += perTurn) await turn(i);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  const perSecond = Math.round(runs / seconds);
  console.log(
    `${name.padEnd(10)} ${perSecond.toLocaleString("en")} evaluations/s, ${perTurn} per crossing (target ≥ ${TARGET_PER_SECOND.toLocaleString("en")}: ${perSecond >= TARGET_PER_SECOND ? "met" : "MISSED"})  ${((used.user + used.system) / runs).toFixed(1)} µs of CPU each`,
  );
}

await measureBatched("transform", transform, 8);
console.log(`RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
scripts.dispose();
