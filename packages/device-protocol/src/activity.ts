/**
 * A device silent this long counts as inactive (ThingsBoard's default): the console's "active"
 * flag, ingest's ACTIVITY_EVENT (the first report after such a silence) and the workers'
 * INACTIVITY_EVENT all use it.
 */
export const INACTIVITY_TIMEOUT_MS = 10 * 60 * 1000;
