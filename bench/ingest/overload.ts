// Issue 23's overload targets: at several times the sustainable rate ingest keeps its goodput (PUBACKs
// a second) at 80% or more of its closed-loop capacity, bounded memory, still accepts a new device,
// loses nothing it acknowledged, and serves the closed loop again afterwards.

/** The goodput a broker must keep under overload, as a share of its capacity. */
export const GOODPUT_TARGET_PERCENT = 80;
/** A new device's CONNACK during overload: slower than this counts as not accepting connections. */
export const CONNECT_TARGET_MS = 5_000;
/**
 * Bounded memory under overload: what ingest holds is bounded by the persist queue (a number of
 * messages) and the read gate, not by the offered rate, so its RSS levels off. Met when the last
 * third of the round (sampled every second) peaks at most this much above the middle third's peak:
 * the first third is the heap growing into the load, and a peak compared with a peak absorbs the
 * garbage collector's saw-tooth (±50 MiB at 100 keys per message).
 */
export const RSS_GROWTH_LIMIT_PERCENT = 5;
/** An open-loop rate counts as overload from this multiple of the capacity (what the generator achieved). */
const OVERLOAD_FACTOR = 2;

export interface OpenLoopRound {
  target: string;
  offeredMsgPerS: number;
  /** What the generator managed to send in the window, per second (it may fall short of `offeredMsgPerS`). */
  sentMsgPerS: number;
  ackedMsgPerS: number;
  p99Ms: number;
  rssMiB: number | null;
  /** Ingest's RSS every second from the round's start (warm-up included) to its end. */
  rssSamplesMiB: number[];
  connectDuringLoadMs: number | null;
}

export interface OverloadContext {
  capacityMsgPerS: number;
  /** The closed loop run after the overload (msg/s; null: it could not run). */
  closedLoopAfterMsgPerS: number | null;
  /** Run-wide: acknowledged messages whose points are not all in the database. */
  lostMessages: number;
}

/** Each open-loop round whose achieved rate was at least twice the capacity, with its figures beside the targets. */
export function overloadVerdicts(rounds: OpenLoopRound[], context: OverloadContext) {
  const { closedLoopAfterMsgPerS, lostMessages } = context;
  // The larger of the closed loops before and after: the first one also registers every new series
  // (with 100 keys per message, 100,000 of them), which can make it the slower, and a goodput
  // measured against the lower figure would flatter the overload.
  const capacityMsgPerS = Math.max(context.capacityMsgPerS, closedLoopAfterMsgPerS ?? 0);
  return rounds
    .filter((r) => capacityMsgPerS > 0 && r.sentMsgPerS >= OVERLOAD_FACTOR * capacityMsgPerS)
    .map((r) => {
      const goodputPercent = Number(((100 * r.ackedMsgPerS) / capacityMsgPerS).toFixed(1));
      const connectMet = r.connectDuringLoadMs !== null && r.connectDuringLoadMs <= CONNECT_TARGET_MS;
      const third = Math.floor(r.rssSamplesMiB.length / 3);
      const middlePeak = Math.max(...r.rssSamplesMiB.slice(third, 2 * third));
      const lastPeak = Math.max(...r.rssSamplesMiB.slice(2 * third));
      const rssGrowthPercent = Number(((100 * (lastPeak - middlePeak)) / middlePeak).toFixed(1));
      // Recovery is the closed loop after against the one before.
      const recoveredPercent =
        closedLoopAfterMsgPerS === null || context.capacityMsgPerS === 0
          ? null
          : Number(((100 * closedLoopAfterMsgPerS) / context.capacityMsgPerS).toFixed(1));
      return {
        target: r.target,
        offeredMsgPerS: r.offeredMsgPerS,
        generatorSentMsgPerS: r.sentMsgPerS,
        closedLoopBeforeMsgPerS: context.capacityMsgPerS,
        closedLoopAfterMsgPerS,
        capacityMsgPerS,
        offeredTimesCapacity: Number((r.sentMsgPerS / capacityMsgPerS).toFixed(1)),
        goodputMsgPerS: r.ackedMsgPerS,
        goodputPercentOfCapacity: goodputPercent,
        goodputTarget: `>= ${GOODPUT_TARGET_PERCENT}%: ${goodputPercent >= GOODPUT_TARGET_PERCENT ? "met" : "missed"}`,
        p99Ms: r.p99Ms,
        rssMiB: r.rssMiB,
        rssMiBEverySecond: r.rssSamplesMiB,
        rssBounded: `last third's peak <= middle third's + ${RSS_GROWTH_LIMIT_PERCENT}%: ${rssGrowthPercent >= 0 ? "+" : ""}${rssGrowthPercent}%, ${
          third > 0 && rssGrowthPercent <= RSS_GROWTH_LIMIT_PERCENT ? "met" : "missed"
        }`,
        newDeviceConnackMs: r.connectDuringLoadMs,
        acceptsConnections: `CONNACK <= ${CONNECT_TARGET_MS} ms: ${connectMet ? "met" : "missed"}`,
        lostAckedNotStored: lostMessages,
        lostTarget: `0: ${lostMessages === 0 ? "met" : "missed"}`,
        recovers: `closed loop after >= ${GOODPUT_TARGET_PERCENT}% of the one before: ${
          recoveredPercent === null
            ? "missed (could not run)"
            : `${recoveredPercent}%, ${recoveredPercent >= GOODPUT_TARGET_PERCENT ? "met" : "missed"}`
        }`,
      };
    });
}
