import type { Client } from "aedes";

/** Publishes one connection may have decoded and waiting for the database before its socket is read again. */
export const MAX_PUBLISHES_IN_FLIGHT = 50;

interface AedesClientInternals {
  _nextBatch?: () => void;
  _parsingBatch?: number;
}

/**
 * Makes a connection stop reading while it has too many publishes waiting for the database.
 *
 * aedes (1.2, and 2.0.0-beta.1 unchanged: `nextBatch` in lib/client.js) means to read a
 * socket's next chunk only when every packet of the previous one is handled, but each
 * 'readable' event also counts as a finished packet, so a device that keeps sending gets read
 * (and its messages decoded and held in memory) however slow the database is. aedes 2's
 * `client.pause()`/`resume()` do not help: a paused client also skips the per-packet count,
 * so resuming would leave the count wrong. Here 'readable' reads only when the previous chunk
 * is done or fewer than MAX_PUBLISHES_IN_FLIGHT publishes are pending; a skipped read is
 * retried as publishes finish. The unread bytes stay in the kernel and TCP flow control slows
 * the device down.
 *
 * `installed` is false when aedes no longer works the way described above; the gate then
 * leaves it alone (the broker logs it, and test/mqtt5.test.ts fails).
 */
export function gateReads(client: Client) {
  const internals = client as unknown as AedesClientInternals;
  const next = internals._nextBatch;
  let inFlight = 0;
  let deferred = false;
  const mayRead = () => (internals._parsingBatch ?? 0) <= 0 || inFlight < MAX_PUBLISHES_IN_FLIGHT;

  const installed =
    typeof next === "function" &&
    typeof internals._parsingBatch === "number" &&
    client.conn.listeners("readable").includes(next);
  if (installed) {
    client.conn.removeListener("readable", next);
    client.conn.on("readable", () => {
      if (mayRead()) next();
      else deferred = true;
    });
  }

  return {
    installed,
    publishStarted() {
      inFlight++;
    },
    publishFinished() {
      inFlight--;
      if (deferred && installed && mayRead()) {
        deferred = false;
        next();
      }
    },
  };
}
