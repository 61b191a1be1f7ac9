import type { Client } from "aedes";

/** PUBACK fixed header and remaining length 2: message id only, which is "Success" in MQTT 5 too. */
const PUBACK_HEAD = 0x40;
const PUBACK_BYTES = 4;

/**
 * Writes the PUBACKs of successfully stored QoS 1 publishes, those of one connection that are
 * ready in the same tick as one 4-byte-per-ack buffer and one socket write. A batch commit
 * releases hundreds of acknowledgements at once; aedes would write each with three stream
 * writes, a cork and a setImmediate, which cost ingest more than decoding the publish.
 *
 * Acknowledgements keep the order in which they are given, which for one connection is the
 * order its publishes were received (they are committed in that order), as MQTT requires.
 */
export class PubackWriter {
  private readonly pending = new Map<Client, number[]>();
  /** Connections whose socket is backed up: what runs on their next 'drain' (one listener each). */
  private readonly waitingForDrain = new Map<Client, (() => void)[]>();
  private scheduled = false;

  /**
   * Queues the PUBACK; `written` runs once the connection can take more (at once unless its
   * socket is backed up, as aedes does before it reads the connection's next packets).
   */
  ack(client: Client, messageId: number, written: () => void): void {
    let ids = this.pending.get(client);
    if (!ids) this.pending.set(client, (ids = []));
    ids.push(messageId);
    if (!this.scheduled) {
      this.scheduled = true;
      // After the promise callbacks of the commit that released this one: they bring the rest.
      process.nextTick(this.flush);
    }
    if (client.conn.writableNeedDrain) this.afterDrain(client, written);
    else written();
  }

  private afterDrain(client: Client, written: () => void) {
    const waiting = this.waitingForDrain.get(client);
    if (waiting) return void waiting.push(written);
    this.waitingForDrain.set(client, [written]);
    const release = () => {
      client.conn.off("close", forget);
      const callbacks = this.waitingForDrain.get(client) ?? [];
      this.waitingForDrain.delete(client);
      for (const callback of callbacks) callback();
    };
    // A connection that closes instead has nothing more to read.
    const forget = () => {
      client.conn.off("drain", release);
      this.waitingForDrain.delete(client);
    };
    client.conn.once("drain", release);
    client.conn.once("close", forget);
  }

  private readonly flush = () => {
    this.scheduled = false;
    for (const [client, ids] of this.pending) {
      // A device that went away sends its unacknowledged publishes again when it reconnects.
      if (!client.connected || client.conn.destroyed) continue;
      const frame = Buffer.allocUnsafe(ids.length * PUBACK_BYTES);
      for (let i = 0, o = 0; i < ids.length; i++, o += PUBACK_BYTES) {
        frame[o] = PUBACK_HEAD;
        frame[o + 1] = 2;
        frame[o + 2] = ids[i]! >> 8;
        frame[o + 3] = ids[i]! & 0xff;
      }
      client.conn.write(frame);
    }
    this.pending.clear();
  };
}
