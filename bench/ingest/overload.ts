// Issue 23's overload targets: at several times the sustainable rate ingest keeps its goodput (PUBACKs
// a second) at 80% or more of its closed-loop capacity, bounded memory, and still accepts a new device.

/** The goodput a broker must keep under overload, as a share of its capacity. */
export const GOODPUT_TARGET_PERCENT = 80;
/** A new device's CONNACK during overload: slower than this counts as not accepting connections. */
export const CONNECT_TARGET_MS = 5_000;
/** An open-loop rate counts as overload from this multiple of the capacity. */
const OVERLOAD_FACTOR = 2;

export interface OpenLoopRound {
  target: string;
  offeredMsgPerS: number;
  ackedMsgPerS: number;
  p99Ms: number;
  rssMiB: number | null;
  connectDuringLoadMs: number | null;
}

/** Each open-loop round offered at least twice the capacity, with its figures beside the targets. */
export function overloadVerdicts(rounds: OpenLoopRound[], capacityMsgPerS: number) {
  return rounds
    .filter((r) => capacityMsgPerS > 0 && r.offeredMsgPerS >= OVERLOAD_FACTOR * capacityMsgPerS)
    .map((r) => {
      const goodputPercent = Number(((100 * r.ackedMsgPerS) / capacityMsgPerS).toFixed(1));
      const connectMet = r.connectDuringLoadMs !== null && r.connectDuringLoadMs <= CONNECT_TARGET_MS;
      return {
        target: r.target,
        offeredTimesCapacity: Number((r.offeredMsgPerS / capacityMsgPerS).toFixed(1)),
        capacityMsgPerS,
        goodputMsgPerS: r.ackedMsgPerS,
        goodputPercentOfCapacity: goodputPercent,
        goodputTarget: `>= ${GOODPUT_TARGET_PERCENT}%: ${goodputPercent >= GOODPUT_TARGET_PERCENT ? "met" : "missed"}`,
        p99Ms: r.p99Ms,
        rssMiB: r.rssMiB,
        newDeviceConnackMs: r.connectDuringLoadMs,
        acceptsConnections: `CONNACK <= ${CONNECT_TARGET_MS} ms: ${connectMet ? "met" : "missed"}`,
      };
    });
}
