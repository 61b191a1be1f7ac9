/** One run's arguments, in ThingsBoard's order: `msg`, `metadata`, `msgType`. */
export type ScriptCall = [msg: unknown, metadata: Record<string, string>, msgType: string];

/** A call's result from a batch: `ok: false` when the script threw for it (it is run again alone). */
export type BatchOutcome = { ok: true; value: unknown } | { ok: false };

/** More calls than this in one turn go out in several crossings (the copies in and out grow with it). */
export const MAX_BATCH = 64;

interface Waiting {
  call: ScriptCall;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Gathers one compiled script's runs asked for in the same turn of the event loop (the rule
 * engine's partition lanes each reach the script node of the same chain) and evaluates them in
 * one sandbox crossing when the turn ends (`setImmediate`): the crossing, not the script, is most
 * of a run's cost. Each call keeps its own outcome, in call order: a call the script threw for,
 * and every call of a batch that failed as a whole (its time or memory limit, an output that
 * cannot be copied), runs again alone through `runOne` with the single run's limits and errors,
 * so a runaway script fails only its own message. A caller awaits only its own call, so a lane's
 * messages keep their order.
 */
export function batchedRuns(
  runOne: (call: ScriptCall) => unknown,
  runMany: (calls: ScriptCall[]) => BatchOutcome[],
): (call: ScriptCall) => Promise<unknown> {
  let queue: Waiting[] = [];
  let scheduled = false;

  function flush() {
    const waiting = queue;
    queue = [];
    let outcomes: BatchOutcome[] | undefined;
    if (waiting.length > 1)
      try {
        outcomes = runMany(waiting.map((w) => w.call));
      } catch {
        outcomes = undefined; // each call again alone, with its own limits
      }
    for (let i = 0; i < waiting.length; i++) {
      const { call, resolve, reject } = waiting[i]!;
      const outcome = outcomes?.[i];
      if (outcome?.ok) {
        resolve(outcome.value);
        continue;
      }
      try {
        resolve(runOne(call));
      } catch (error) {
        reject(error);
      }
    }
  }

  return (call) =>
    new Promise((resolve, reject) => {
      if (queue.length >= MAX_BATCH) flush();
      queue.push({ call, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(() => {
          scheduled = false;
          flush();
        });
      }
    });
}
