import { describe, expect, it } from "vitest";
import { Fifo } from "../src/core/fifo.ts";

describe("Fifo", () => {
  it("gives items back in the order they came, across the compactions of a long queue", () => {
    const fifo = new Fifo<number>();
    const out: number[] = [];
    let next = 0;
    // Pushes outpace shifts, then the queue drains: the head passes the compaction threshold many times.
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 300; i++) fifo.push(next++);
      for (let i = 0; i < 200; i++) out.push(fifo.shift()!);
    }
    expect(fifo.length).toBe(5000);
    expect(fifo.peek()).toBe(out.length);
    while (fifo.length > 0) out.push(fifo.shift()!);
    expect(out).toEqual(Array.from({ length: next }, (_, i) => i));
    expect(fifo.shift()).toBeUndefined();
    expect(fifo.peek()).toBeUndefined();
  });
});
