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
 * aedes 1.2 means to read a socket's next chunk only when every packet of the previous one is
 * handled, but each 'readable' event also counts as a finished packet, so a device that keeps
 * sending gets read (and its messages decoded and held in memory) however slow the database
 * is. Here 'readable' reads only when the previous chunk is done or fewer than
 * MAX_PUBLISHES_IN_FLIGHT publishes are pending; a skipped read is retried as publishes finish.
 * The unread bytes stay in the kernel and TCP flow control slows the device down.
 */
export function gateReads(client: Client) {
  const internals = client as unknown as AedesClientInternals;
  const next = internals._nextBatch;
  let inFlight = 0;
  let deferred = false;
  const mayRead = () => (internals._parsingBatch ?? 0) <= 0 || inFlight < MAX_PUBLISHES_IN_FLIGHT;

  // Only when aedes still works the way described above; otherwise leave it alone.
  if (typeof next === "function" && client.conn.listeners("readable").includes(next)) {
    client.conn.removeListener("readable", next);
    client.conn.on("readable", () => {
      if (mayRead()) next();
      else deferred = true;
    });
  }

  return {
    publishStarted() {
      inFlight++;
    },
    publishFinished() {
      inFlight--;
      if (deferred && typeof next === "function" && mayRead()) {
        deferred = false;
        next();
      }
    },
  };
}
