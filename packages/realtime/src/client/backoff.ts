/**
 * Reconnect delays: exponential growth capped at `maxMs`, with "full jitter" (a random delay
 * between 0 and the cap), so a web node restart does not bring every browser back at once.
 */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  random?: () => number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 30_000 };

export function backoffDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const cap = Math.min(options.maxMs, options.initialMs * 2 ** Math.min(attempt, 30));
  return Math.round((options.random ?? Math.random)() * cap);
}
