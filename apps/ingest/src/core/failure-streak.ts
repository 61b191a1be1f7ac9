/**
 * One log line per outage rather than one per attempt: a dependency that is down fails every
 * round (every batch, every sweep, every reconnect). `onFirst` runs for the first failure of a
 * streak, `onRecovered` when a success ends one.
 */
export function failureStreak<Failure = unknown>(onFirst: (failure: Failure) => void, onRecovered?: () => void) {
  let failing = false;
  return {
    failed(failure: Failure) {
      if (!failing) onFirst(failure);
      failing = true;
    },
    succeeded() {
      if (failing) onRecovered?.();
      failing = false;
    },
  };
}
