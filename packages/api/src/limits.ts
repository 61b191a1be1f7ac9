// Limits the browser must know too; no imports, so the console can bundle this file alone.

/** Calls one tRPC request may batch; the console's batch link sends at most this many. */
export const TRPC_MAX_BATCH = 10;
