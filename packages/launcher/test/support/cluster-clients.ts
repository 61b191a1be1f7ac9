import mqtt, { type MqttClient } from "mqtt";
import { WebSocket } from "ws";

/**
 * A device publishing QoS 1 telemetry continuously, one message in flight: `{ts, values: {seq}}`
 * with ts = `baseTs + seq`, so every message is its own point. A message counts as acknowledged
 * when its PUBACK arrives (mqtt.js resends it after a reconnect until then).
 */
export class PublishingDevice {
  readonly client: MqttClient;
  readonly acked: number[] = [];
  /** Every (re)connection, with whether `probe()` held at that moment. */
  readonly connects: { at: number; probe: boolean }[] = [];
  readonly downlinks: unknown[] = [];
  closes = 0;
  private seq = 0;
  private running = true;
  private readonly loop: Promise<void>;

  constructor(
    url: string,
    readonly token: string,
    readonly baseTs: number,
    probe: () => boolean = () => false,
    intervalMs = 40,
  ) {
    this.client = mqtt.connect(url, { username: token, reconnectPeriod: 300, connectTimeout: 5_000, clean: true });
    this.client.on("error", () => undefined);
    this.client.on("close", () => this.closes++);
    this.client.on("connect", () => {
      this.connects.push({ at: Date.now(), probe: probe() });
      this.client.subscribe("v1/devices/me/attributes", { qos: 1 });
    });
    this.client.on("message", (topic, payload) => {
      if (topic === "v1/devices/me/attributes") this.downlinks.push(JSON.parse(payload.toString()));
    });
    this.loop = this.publishLoop(intervalMs);
  }

  private async publishLoop(intervalMs: number) {
    while (this.running) {
      if (!this.client.connected) {
        await sleep(50);
        continue;
      }
      const seq = ++this.seq;
      const body = JSON.stringify({ ts: this.baseTs + seq, values: { seq } });
      try {
        await this.client.publishAsync("v1/devices/me/telemetry", body, { qos: 1 });
        this.acked.push(seq);
      } catch {
        // Not acknowledged: the test does not count it.
      }
      await sleep(intervalMs);
    }
  }

  async stop() {
    this.running = false;
    // The message in flight finishes (or fails) before the connection closes.
    await Promise.race([this.loop, sleep(15_000)]);
    await this.client.endAsync(true);
  }
}

/**
 * A dashboard's WebSocket session through /api/ws: API-key auth, the latest `keys` of one device;
 * when the connection drops it reconnects and subscribes again, as the console does.
 */
export class LatestValuesSubscriber {
  readonly received: { at: number; session: number; value: unknown }[] = [];
  sessions = 0;
  private socket?: WebSocket;
  private stopped = false;

  constructor(
    private readonly url: string,
    private readonly apiKey: string,
    private readonly deviceId: string,
    private readonly key: string,
  ) {
    this.open();
  }

  private open() {
    const session = ++this.sessions;
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.on("error", () => undefined);
    socket.on("open", () => {
      socket.send(JSON.stringify({ type: "auth", cmdId: 0, apiKey: this.apiKey }));
      socket.send(
        JSON.stringify({
          type: "subscribeLatest",
          cmdId: 1,
          entity: { type: "DEVICE", id: this.deviceId },
          keys: [this.key],
        }),
      );
    });
    socket.on("message", (raw) => {
      const message = JSON.parse(raw.toString()) as {
        type: string;
        data?: Record<string, Record<string, { ts: number; value: unknown }[]>>;
      };
      if (message.type !== "data") return;
      for (const point of message.data?.[this.deviceId]?.[this.key] ?? []) {
        this.received.push({ at: Date.now(), session, value: point.value });
      }
    });
    socket.on("close", () => {
      if (!this.stopped) setTimeout(() => this.open(), 300);
    });
  }

  stop() {
    this.stopped = true;
    this.socket?.terminate();
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await sleep(200);
  }
}
