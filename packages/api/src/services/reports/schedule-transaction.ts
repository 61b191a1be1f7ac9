/**
 * A schedule change and its Temporal schedule commit together: the row is written in a transaction that also
 * writes the Temporal schedule, and a Temporal failure rolls the row back. Long enough for a first connection.
 */
export const SCHEDULE_TRANSACTION = { timeout: 20_000, maxWait: 5_000 } as const;
