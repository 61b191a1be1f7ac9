// Simulated devices for the fault benchmark: MQTT 3.1.1 QoS 1 publishers (bench/ingest's lean
// client) that behave like real devices across a broker failure. Each message carries a
// per-device sequence number, encoded as its timestamp (`ts = base + seq`, unique per device), so
// the telemetry store's unique key (entity_id, ts) tells which messages are stored. A device
// whose connection drops reconnects by itself (backoff with jitter) and sends again every message
// not yet acknowledged, oldest first, as a QoS 1 client keeping its in-flight messages does.
import { LeanClient } from "../ingest/lean-client.ts";

const TOPIC = "v1/devices/me/telemetry";

export interface FleetOptions {
  host: string;
  port: number;
  /** One access token per device. */
  tokens: string[];
}

/** What one scenario's devices did, for the check against the store. */
export interface ScenarioCounts {
  /** Per device (index in `tokens`): sequence numbers acknowledged at least once. */
  acked: Set<number>[];
  /** Per device: sequence numbers sent (the highest). */
  sent: number[];
  /** Messages (re)sent on a new connection: unacknowledged when the last one dropped, or queued meanwhile. */
  resent: number;
  /** PUBACKs received for a sequence number already acknowledged. */
  ackedTwice: number;
}

class Device {
  client: LeanClient | null = null;
  private connecting = false;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  /** Sequence number → payload, until acknowledged (sent or waiting for a connection). */
  readonly unacked = new Map<number, string>();
  acked = new Set<number>();
  nextSeq = 1;
  base = 0;
  generation = 0;
  resent = 0;
  ackedTwice = 0;
  connects = 0;

  constructor(
    private readonly fleet: Fleet,
    readonly index: number,
    private readonly token: string,
  ) {}

  send(): void {
    const seq = this.nextSeq++;
    const payload = JSON.stringify({
      ts: this.base + seq,
      values: { seq, temperature: 20 + (seq % 100) / 10, humidity: 40 + (seq % 37) },
    });
    this.unacked.set(seq, payload);
    if (this.client) this.transmit(this.client, seq, payload);
  }

  private transmit(client: LeanClient, seq: number, payload: string) {
    const generation = this.generation;
    client.publish(TOPIC, payload, (error) => {
      if (error) return this.dropped(client);
      // Only a PUBACK of this scenario's messages counts (a late one of the previous is ignored).
      if (generation !== this.generation) return;
      if (this.acked.has(seq)) return void this.ackedTwice++;
      this.unacked.delete(seq);
      this.acked.add(seq);
      this.fleet.onAck();
    });
  }

  private dropped(client: LeanClient) {
    if (this.client !== client) return;
    this.client = null;
    client.destroy();
    this.fleet.connected--;
    this.scheduleConnect();
  }

  scheduleConnect() {
    if (this.fleet.stopped || this.connecting || this.retryTimer) return;
    // 250 ms doubling to 4 s, full jitter: a fleet coming back does not arrive all at once.
    const delay = this.attempt === 0 ? 0 : Math.random() * Math.min(4000, 250 * 2 ** this.attempt);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.connect();
    }, delay);
  }

  async connect(): Promise<void> {
    if (this.fleet.stopped || this.connecting || this.client) return;
    this.connecting = true;
    try {
      const client = await LeanClient.connect({
        host: this.fleet.options.host,
        port: this.fleet.options.port,
        clientId: `faults-${this.index}-${process.pid}`,
        username: this.token,
        keepalive: 60,
        connectTimeoutMs: 10_000,
      });
      this.connecting = false;
      if (this.fleet.stopped) return void client.destroy();
      this.client = client;
      this.attempt = 0;
      this.connects++;
      this.fleet.connected++;
      this.fleet.onConnect();
      // Oldest first: everything not acknowledged on the last connection (and what waited meanwhile).
      for (const [seq, payload] of [...this.unacked]) {
        if (this.client !== client) break;
        this.resent++;
        this.transmit(client, seq, payload);
      }
    } catch {
      this.connecting = false;
      this.attempt++;
      this.scheduleConnect();
    }
  }

  stop() {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const client = this.client;
    this.client = null;
    if (client) void client.end();
  }
}

/**
 * The devices, an open-loop sender at a fixed total rate (round-robin), and the timeline of
 * acknowledgements (100 ms buckets) that recovery times are read from.
 */
export class Fleet {
  readonly devices: Device[];
  stopped = false;
  connected = 0;
  /** Acknowledgements per 100 ms since `startScenario`. */
  ackBuckets: number[] = [];
  private scenarioStart = 0;
  private ticker: NodeJS.Timeout | undefined;
  lastConnectAt = 0;

  constructor(readonly options: FleetOptions) {
    this.devices = options.tokens.map((token, i) => new Device(this, i, token));
  }

  async connectAll(): Promise<void> {
    const deadline = Date.now() + 60_000;
    this.devices.forEach((d) => d.scheduleConnect());
    while (this.connected < this.devices.length) {
      if (Date.now() > deadline) throw new Error(`only ${this.connected} of ${this.devices.length} devices connected`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  onAck() {
    const bucket = Math.floor((performance.now() - this.scenarioStart) / 100);
    this.ackBuckets[bucket] = (this.ackBuckets[bucket] ?? 0) + 1;
  }

  onConnect() {
    this.lastConnectAt = performance.now();
  }

  /** Milliseconds since the scenario started (the ack buckets' clock). */
  now(): number {
    return performance.now() - this.scenarioStart;
  }

  /** Starts sending `rate` msg/s; sequence numbers restart at 1, timestamps at `base` (epoch ms). */
  startScenario(rate: number, base: number): void {
    this.scenarioStart = performance.now();
    this.ackBuckets = [];
    for (const d of this.devices) {
      d.unacked.clear();
      d.acked = new Set();
      d.nextSeq = 1;
      d.base = base;
      d.generation++;
      d.resent = 0;
      d.ackedTwice = 0;
    }
    let sent = 0;
    let next = 0;
    const start = performance.now();
    this.ticker = setInterval(() => {
      const due = Math.floor(((performance.now() - start) / 1000) * rate) - sent;
      for (let k = 0; k < due; k++, sent++) this.devices[next++ % this.devices.length]!.send();
    }, 2);
  }

  /** Stops sending, then waits (up to `drainMs`) until every message sent is acknowledged. */
  async stopSending(drainMs: number): Promise<{ unacked: number; drainedMs: number }> {
    clearInterval(this.ticker);
    const started = performance.now();
    const unacked = () => this.devices.reduce((n, d) => n + d.unacked.size, 0);
    while (unacked() > 0 && performance.now() - started < drainMs) await new Promise((r) => setTimeout(r, 100));
    return { unacked: unacked(), drainedMs: Math.round(performance.now() - started) };
  }

  counts(): ScenarioCounts {
    return {
      acked: this.devices.map((d) => d.acked),
      sent: this.devices.map((d) => d.nextSeq - 1),
      resent: this.devices.reduce((n, d) => n + d.resent, 0),
      ackedTwice: this.devices.reduce((n, d) => n + d.ackedTwice, 0),
    };
  }

  close(): void {
    this.stopped = true;
    clearInterval(this.ticker);
    this.devices.forEach((d) => d.stop());
  }
}
