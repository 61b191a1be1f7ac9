import { EventEmitter } from "node:events";
import type { Client } from "aedes";
import { describe, expect, it } from "vitest";
import { PubackWriter } from "../src/mqtt/puback-writer.ts";

/** A connection that records what is written to it; `backedUp` plays a full socket buffer. */
function fakeClient(backedUp = false) {
  const conn = Object.assign(new EventEmitter(), {
    writes: [] as Buffer[],
    writableNeedDrain: backedUp,
    destroyed: false,
    write(chunk: Buffer) {
      conn.writes.push(Buffer.from(chunk));
      return true;
    },
  });
  return { client: { connected: true, conn } as unknown as Client, conn };
}

const tick = () => new Promise((resolve) => process.nextTick(resolve));

describe("PubackWriter", () => {
  it("writes the acknowledgements of one tick to a connection as one buffer, in the order given", async () => {
    const writer = new PubackWriter();
    const a = fakeClient();
    const b = fakeClient();
    for (const id of [7, 3, 65535]) writer.ack(a.client, id, () => undefined);
    writer.ack(b.client, 1, () => undefined);
    await tick();
    expect(a.conn.writes).toEqual([Buffer.from([0x40, 2, 0, 7, 0x40, 2, 0, 3, 0x40, 2, 0xff, 0xff])]);
    expect(b.conn.writes).toEqual([Buffer.from([0x40, 2, 0, 1])]);
    writer.ack(a.client, 258, () => undefined);
    await tick();
    expect(a.conn.writes[1]).toEqual(Buffer.from([0x40, 2, 1, 2]));
  });

  it("lets a backed-up connection go on only after 'drain', with one listener however many wait", async () => {
    const writer = new PubackWriter();
    const { client, conn } = fakeClient(true);
    const done: number[] = [];
    for (let id = 1; id <= 20; id++) writer.ack(client, id, () => done.push(id));
    await tick();
    expect(conn.writes).toHaveLength(1);
    expect(done).toEqual([]);
    expect(conn.listenerCount("drain")).toBe(1);
    conn.writableNeedDrain = false;
    conn.emit("drain");
    expect(done).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(conn.listenerCount("drain") + conn.listenerCount("close")).toBe(0);
  });

  it("writes nothing to a connection that went away, and forgets what waited for it", async () => {
    const writer = new PubackWriter();
    const gone = fakeClient(true);
    writer.ack(gone.client, 1, () => undefined);
    gone.conn.destroyed = true;
    await tick();
    expect(gone.conn.writes).toEqual([]);
    gone.conn.emit("close");
    expect(gone.conn.listenerCount("drain") + gone.conn.listenerCount("close")).toBe(0);
  });
});
