import type { Client } from "aedes";

/** Publishes one connection may have decoded and waiting for the database before its socket is read again. */
export const MAX_PUBLISHES_IN_FLIGHT = 50;

interface AedesClientInternals {
  _nextBatch?: (error?: Error | null) => void;
  _parsingBatch?: number;
}

/**
 * The gate every connection's reads pass, shared by the whole broker: while the persist queue
 * is full no connection is read (their bytes wait in the kernel, and TCP flow control slows
 * the devices down), and as slots free up the connections that were held back are read again,
 * oldest first, one at a time while there is room. Reading a connection parses its chunk and
 * reserves its publishes' slots synchronously (aedes calls authorizePublish in the same turn),
 * so the queue overshoots by at most one chunk however many connections wait. Per-connection
 * bounds alone let every connection park its own share of decoded packets (50 each, ~50,000
 * for 1,000 devices) waiting for slots, which under 10× overload cost more CPU than storing.
 */
export class ReadAdmission {
  /** Connections held back, each by the function that reads it; a Set keeps them in order and forgets a closed one at once. */
  private readonly waiting = new Set<() => void>();
  private resuming = false;
  private resumeAgain = false;

  /** `hasRoom`: whether the queue takes a message without waiting; call `resume` when it may have become true. */
  constructor(readonly hasRoom: () => boolean) {}

  /** Connections waiting for room (metrics, tests). */
  get held(): number {
    return this.waiting.size;
  }

  hold(read: () => void): void {
    this.waiting.add(read);
  }

  forget(read: () => void): void {
    this.waiting.delete(read);
  }

  /** Reads held connections while there is room. Re-entrant calls (a read that frees a slot) fold into the running one. */
  resume(): void {
    if (this.resuming) {
      this.resumeAgain = true;
      return;
    }
    this.resuming = true;
    try {
      do {
        this.resumeAgain = false;
        for (const read of this.waiting) {
          if (!this.hasRoom()) return;
          this.waiting.delete(read);
          read();
        }
      } while (this.resumeAgain && this.waiting.size > 0);
    } finally {
      this.resuming = false;
    }
  }
}

/**
 * Makes a connection stop reading while it has too many publishes waiting for the database, or
 * while the whole broker may not read (`admission`, see ReadAdmission).
 *
 * aedes (1.2, and 2.0.0-beta.1 unchanged: `nextBatch` in lib/client.js) reads a socket in two
 * places, both through `client._nextBatch`: on each 'readable' event, and as the callback of
 * every handled packet, reading the next chunk once the count of unhandled packets
 * (`_parsingBatch`) falls to 0. Each 'readable' also counts as a handled packet, so a device
 * that keeps sending gets read (and its messages decoded and held in memory) however slow the
 * database is; and the callback path reads a connection's next chunk as soon as its previous
 * one is stored, whatever waits elsewhere. aedes 2's `client.pause()`/`resume()` do not help: a
 * paused client also skips the per-packet count, so resuming would leave the count wrong.
 *
 * Here both paths go through one decision: read when fewer than MAX_PUBLISHES_IN_FLIGHT of the
 * connection's publishes are pending and the admission has room; otherwise remember that a read
 * is due and do it as publishes finish or the admission resumes the connection. The unread
 * bytes stay in the kernel and TCP flow control slows the device down.
 *
 * `installed` is false when aedes no longer works the way described above; the gate then
 * leaves it alone (the broker logs it, and test/mqtt5.test.ts fails).
 */
export function gateReads(client: Client, admission?: ReadAdmission) {
  const internals = client as unknown as AedesClientInternals;
  const next = internals._nextBatch;
  let inFlight = 0;
  /** A read was due and held back. */
  let due = false;
  const read = () => {
    if (inFlight >= MAX_PUBLISHES_IN_FLIGHT) {
      due = true; // read by publishFinished
    } else if (admission && !admission.hasRoom()) {
      due = true;
      admission.hold(readIfDue);
    } else {
      due = false;
      // aedes' nextBatch reads (and parses) what is buffered when its count falls to 0.
      internals._parsingBatch = 1;
      next!();
    }
  };
  const readIfDue = () => {
    if (due) read();
  };
  // A handled packet: aedes' bookkeeping without its read, which only `read` does.
  const packetHandled = (error?: Error | null) => {
    if (error) return next!(error);
    internals._parsingBatch = Math.max(0, (internals._parsingBatch ?? 0) - 1);
    if (internals._parsingBatch === 0) read();
  };

  const installed =
    typeof next === "function" &&
    typeof internals._parsingBatch === "number" &&
    client.conn.listeners("readable").includes(next);
  if (installed) {
    client.conn.removeListener("readable", next);
    client.conn.on("readable", read);
    internals._nextBatch = packetHandled;
    if (admission) client.conn.once("close", () => admission.forget(readIfDue));
  }

  return {
    installed,
    publishStarted() {
      inFlight++;
    },
    publishFinished() {
      inFlight--;
      if (installed) readIfDue();
    },
  };
}
