import {
  KEEP_UP_SHARE,
  MAX_GROWTH_SHARE,
  MAX_LAG_SECONDS,
  TARGET_MSG_PER_S,
  type DrainFigures,
  type LagRow,
  type WindowFigures,
} from "./analysis.ts";

const n = (value: number) => value.toLocaleString("en");
const verdict = (ok: boolean) => (ok ? "met" : "MISSED");
/** At most this many rows of the lag table (every k-th second on long runs; the maxima use every sample). */
const MAX_ROWS = 45;

export interface RateReport extends WindowFigures {
  offeredMsgPerS: number;
  ackedMsgPerS: number;
  loadGeneratorCpuPercent: number;
  postgresCpuPercent: number;
  redisCpuPercent: number;
  drainedAfterS: number | null;
  drain: DrainFigures | null;
  lag: LagRow[];
}

function printLagTable(rows: LagRow[], warmupS: number, durationS: number) {
  const step = Math.max(1, Math.ceil(rows.length / MAX_ROWS));
  console.log(`  lag over time (t: seconds since the load started; the window is ${warmupS}–${warmupS + durationS} s)`);
  console.log("     t  committed/s  to streams/s  finished/s  lag (messages)  (entries)  ingest's lag estimate");
  rows.forEach((row, i) => {
    if (i % step !== 0 && i !== rows.length - 1) return;
    const cells = [
      [row.t, 4],
      [n(row.committedPerS), 11],
      [n(row.writtenPerS), 12],
      [n(row.processedPerS), 10],
      [n(row.backlogMessages), 14],
      [n(row.backlogEntries), 9],
      [row.ingestLagEstimate === null ? "-" : n(row.ingestLagEstimate), 21],
    ] as const;
    console.log(`  ${cells.map(([value, width]) => String(value).padStart(width)).join("  ")}`);
  });
}

/** One offered rate's figures, each with the issue's target beside it where the issue sets one. */
export function printRateReport(
  r: RateReport,
  run: { warmupS: number; durationS: number; drainS: number; devices: number },
) {
  const line = (label: string, figure: string, target = "") =>
    console.log(`  ${label.padEnd(30)} ${figure.padEnd(34)} ${target}`);
  const atTarget = r.offeredMsgPerS >= TARGET_MSG_PER_S;
  console.log(
    `\n=== rule engine, ${n(r.offeredMsgPerS)} msg/s offered (MQTT QoS 1, ${n(run.devices)} devices), ${run.durationS} s window ===`,
  );
  line("offered", `${n(r.offeredMsgPerS)} msg/s`, `(target: ${n(TARGET_MSG_PER_S)} msg/s)`);
  line("acknowledged by ingest", `${n(r.ackedMsgPerS)} msg/s`);
  line("committed by ingest", `${n(r.committedMsgPerS)} msg/s`);
  line("onto the rule-engine streams", `${n(r.writtenMsgPerS)} msg/s`, "(telemetry and events: alarms, connects)");
  line(
    "finished the chain",
    `${n(r.processedMsgPerS)} msg/s (${r.keptUpPercent}% of the larger of the two above)`,
    `(target: keeps up with ingest${atTarget ? ` at ${n(TARGET_MSG_PER_S)} msg/s` : ""}, ≥ ${KEEP_UP_SHARE * 100}% and lag bounded: ${verdict(r.keptUp)}${atTarget ? "" : "; below the target rate"})`,
  );
  line("sandboxed script runs in chain", `${n(r.processedMsgPerS)}/s (one per telemetry message)`);
  printLagTable(r.lag, run.warmupS, run.durationS);
  line(
    "max lag in the window",
    `${n(r.maxLagMessages)} messages (${n(r.maxBacklogEntries)} entries)`,
    `(target: ≤ ${MAX_LAG_SECONDS} s of the offered rate = ${n(MAX_LAG_SECONDS * r.offeredMsgPerS)})`,
  );
  line(
    "lag growth over the window",
    `${n(r.lagGrowthMsgPerS)} messages/s`,
    `(target: ≤ ${MAX_GROWTH_SHARE * 100}% of the offered rate = ${n(MAX_GROWTH_SHARE * r.offeredMsgPerS)}/s)`,
  );
  line("lag stayed bounded", r.lagBounded ? "yes" : "NO", `(target: yes: ${verdict(r.lagBounded)})`);
  line(
    "backlog empty after the load",
    r.drainedAfterS === null ? `not within ${run.drainS} s` : `${r.drainedAfterS} s after it stopped`,
  );
  if (r.drain)
    line(
      "rule engine alone (draining)",
      `${n(r.drain.processedMsgPerS)} msg/s over ${r.drain.seconds} s`,
      `(ingest idle; ${n(r.drain.backlogAtStart)} messages behind at its start; workers ${r.drain.workersCpuPercent}% of a core, ${r.drain.workersCpuMicrosPerMessage ?? "-"} µs per message)`,
    );
  line(
    "CPU, % of one core",
    `workers ${r.workersCpuPercent}%, ingest ${r.ingestCpuPercent}%`,
    `PostgreSQL ${r.postgresCpuPercent}%, Redis ${r.redisCpuPercent}%, load generator ${r.loadGeneratorCpuPercent}%`,
  );
  line(
    "workers CPU per finished message",
    r.workersCpuMicrosPerMessage === null ? "-" : `${r.workersCpuMicrosPerMessage} µs`,
  );
  line(
    "PostgreSQL transactions",
    `${n(r.pgTransactionsPerS)}/s`,
    r.pgTransactionsPerMessage === null
      ? ""
      : `(${r.pgTransactionsPerMessage} per finished message, ingest's included)`,
  );
  line("RSS (max)", `workers ${r.maxWorkersRssMiB} MiB, ingest ${r.maxIngestRssMiB} MiB`);
}
