import { describe, expect, it } from "vitest";
import { FairSender, type QueuedDelivery } from "../src/webhooks/fair-sender.ts";

const delivery = (webhookId: string, deliveryId: string, urgent = false): QueuedDelivery => ({
  tenantId: "t",
  webhookId,
  deliveryId,
  eventType: urgent ? "alarm.created" : "telemetry",
  body: "{}",
  url: "http://receiver.test/hook",
  secret: "whsec_test",
  urgent,
});

/** A sender whose attempts finish only when the test says so, recording the order they started in. */
function heldSender(options: { concurrency: number; perWebhook: number }) {
  const started: string[] = [];
  const finishers: (() => void)[] = [];
  const sender = new FairSender(options, (d) => {
    started.push(d.deliveryId);
    return new Promise<void>((resolve) => finishers.push(resolve));
  });
  const finishOne = async () => {
    finishers.shift()!();
    // The slot is handed on in the attempt's `finally`, a few microtasks later.
    await new Promise((r) => setImmediate(r));
  };
  return { sender, started, finishOne };
}

describe("FairSender", () => {
  it("sends an alarm queued behind a webhook's telemetry backlog as soon as a slot frees", async () => {
    const { sender, started, finishOne } = heldSender({ concurrency: 2, perWebhook: 2 });
    sender.enqueue(Array.from({ length: 50 }, (_, i) => delivery("a", `telemetry-${i}`)));
    sender.enqueue([delivery("a", "alarm", true)]);
    expect(started).toEqual(["telemetry-0", "telemetry-1"]);
    await finishOne();
    expect(started.at(-1)).toBe("alarm");
    await finishOne();
    expect(started.at(-1)).toBe("telemetry-2");
    expect(sender.size).toBe(49);
  });

  it("keeps an urgent delivery's webhook within its bound, and urgent ones in the order they came", async () => {
    const { sender, started, finishOne } = heldSender({ concurrency: 4, perWebhook: 1 });
    sender.enqueue([delivery("slow", "slow-1")]);
    sender.enqueue([
      delivery("slow", "slow-alarm", true),
      delivery("b", "b-alarm", true),
      delivery("c", "c-alarm", true),
    ]);
    // "slow" has its one slot taken: its alarm waits, the others' go.
    expect(started).toEqual(["slow-1", "b-alarm", "c-alarm"]);
    await finishOne();
    expect(started).toEqual(["slow-1", "b-alarm", "c-alarm", "slow-alarm"]);
  });

  it("drains a webhook's urgent deliveries with its others, leaving everyone else's", () => {
    const { sender } = heldSender({ concurrency: 1, perWebhook: 1 });
    sender.enqueue([delivery("x", "x-0"), delivery("x", "x-1")]);
    sender.enqueue([delivery("x", "x-alarm", true), delivery("y", "y-alarm", true)]);
    // x-0 is in flight; x-1, x-alarm and y-alarm are queued.
    expect(sender.size).toBe(4);
    expect(
      sender
        .drain("x")
        .map((d) => d.deliveryId)
        .sort(),
    ).toEqual(["x-1", "x-alarm"]);
    expect(sender.size).toBe(2);
    expect(sender.drain().map((d) => d.deliveryId)).toEqual(["y-alarm"]);
    expect(sender.size).toBe(1);
  });
});
