// A minimal MQTT 3.1.1 QoS 1 publisher for load generation. The benchmark's load generator
// shares two cores with the broker under test, so every microsecond it spends per message is
// taken from the system it measures: mqtt.js (stores, stream pipeline, packet objects, a
// parser built on a buffer list) cost ~0.45 of a core for 1,000 devices at 10,000 msg/s.
// Not a general client: no subscriptions, no QoS 2, no reconnect, no resending.
import net from "node:net";
import mqttPacket from "mqtt-packet";

export interface LeanConnectOptions {
  host: string;
  port: number;
  clientId: string;
  username?: string;
  password?: string;
  /** Seconds; a PINGREQ goes out when nothing has been sent for half of it. */
  keepalive?: number;
  connectTimeoutMs?: number;
  /** Source address (127.0.0.x): one address has ~28,000 ephemeral ports towards one broker port. */
  localAddress?: string;
}

export type AckCallback = (error?: Error) => void;

const PINGREQ = Buffer.from([0xc0, 0x00]);
const DISCONNECT = Buffer.from([0xe0, 0x00]);
// Every socket reads into this one buffer (`onread`), and `read` consumes it before returning:
// no Buffer per read and no stream machinery for the 'data' event.
const readBuffer = Buffer.allocUnsafe(64 * 1024);

// One setImmediate flushes every client that queued packets in this event-loop turn: the acks
// of a broker batch arrive together, and their follow-up publishes leave in one write per socket.
const dirty = new Set<LeanClient>();
let flushScheduled = false;
function flushAll() {
  flushScheduled = false;
  for (const client of dirty) client.flush();
  dirty.clear();
}

export class LeanClient {
  private readonly pending = new Map<number, AckCallback>();
  private queue: Buffer[] = [];
  private nextId = 1;
  private inbound: Buffer | null = null;
  private lastSend = Date.now();
  private pinger: NodeJS.Timeout | undefined;
  private closed = false;
  private ending = false;
  private readonly topicHeaders = new Map<string, Buffer>();

  private onConnack: ((code: number) => void) | undefined;
  private readonly socket: net.Socket;

  private constructor(host: string, port: number, localAddress?: string) {
    const onread = {
      buffer: readBuffer,
      callback: (length: number) => (this.read(readBuffer.subarray(0, length)), true),
    };
    this.socket = net.connect({ host, port, localAddress, noDelay: true, onread });
  }

  static connect(options: LeanConnectOptions): Promise<LeanClient> {
    const keepalive = options.keepalive ?? 300;
    const client = new LeanClient(options.host, options.port, options.localAddress);
    const socket = client.socket;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => fail(new Error(`MQTT connect timeout after ${options.connectTimeoutMs ?? 30_000} ms`)),
        options.connectTimeoutMs ?? 30_000,
      );
      const fail = (error: Error) => {
        clearTimeout(timer);
        client.destroy(error);
        reject(error);
      };
      client.onConnack = (code) => {
        clearTimeout(timer);
        client.onConnack = undefined;
        if (code !== 0) return fail(Object.assign(new Error(`MQTT CONNACK return code ${code}`), { code }));
        if (keepalive > 0) client.pinger = setInterval(() => client.ping(keepalive), (keepalive * 1000) / 2).unref();
        resolve(client);
      };
      socket.on("error", (error) => (client.onConnack ? fail(error) : client.destroy(error)));
      socket.on("close", () =>
        client.onConnack ? fail(new Error("connection closed before CONNACK")) : client.destroy(),
      );
      socket.write(
        mqttPacket.generate({
          cmd: "connect",
          protocolId: "MQTT",
          protocolVersion: 4,
          clean: true,
          clientId: options.clientId,
          keepalive,
          username: options.username,
          password: options.password === undefined ? undefined : Buffer.from(options.password),
        }),
      );
    });
  }

  /** QoS 1 publish; `onAck` runs on the PUBACK, or with an Error if the connection goes first. */
  publish(topic: string, payload: Buffer | string, onAck: AckCallback): void {
    if (this.closed || this.ending) return onAck(new Error("connection closed"));
    if (this.pending.size >= 65535) return onAck(new Error("65,535 messages already in flight"));
    let id = this.nextId;
    while (this.pending.has(id)) id = id === 65535 ? 1 : id + 1;
    this.nextId = id === 65535 ? 1 : id + 1;
    this.pending.set(id, onAck);

    // Hand-encoded (no packet object): fixed header 0x32, remaining-length varint, topic, id, payload.
    let topicHeader = this.topicHeaders.get(topic);
    if (!topicHeader) {
      const name = Buffer.from(topic);
      topicHeader = Buffer.alloc(2 + name.length);
      topicHeader.writeUInt16BE(name.length, 0);
      name.copy(topicHeader, 2);
      this.topicHeaders.set(topic, topicHeader);
    }
    const payloadLength = typeof payload === "string" ? Buffer.byteLength(payload) : payload.length;
    const remaining = topicHeader.length + 2 + payloadLength;
    const lengthBytes = remaining < 0x80 ? 1 : remaining < 0x4000 ? 2 : remaining < 0x200000 ? 3 : 4;
    const packet = Buffer.allocUnsafe(1 + lengthBytes + remaining);
    packet[0] = 0x32;
    let offset = 1;
    for (let r = remaining; ;) {
      const byte = r % 0x80;
      r = Math.floor(r / 0x80);
      packet[offset++] = r > 0 ? byte | 0x80 : byte;
      if (r === 0) break;
    }
    offset += topicHeader.copy(packet, offset);
    offset = packet.writeUInt16BE(id, offset);
    if (typeof payload === "string") packet.write(payload, offset);
    else payload.copy(packet, offset);
    this.send(packet);
  }

  /** Sends DISCONNECT after what is queued; resolves once the socket is closed. */
  end(): Promise<void> {
    if (this.closed) return Promise.resolve();
    const closedPromise = new Promise<void>((resolve) => this.socket.once("close", () => resolve()));
    this.send(DISCONNECT);
    this.flush();
    this.ending = true;
    this.socket.end();
    // A broker closes on DISCONNECT; one that does not must not hold the benchmark up.
    setTimeout(() => this.destroy(), 5000).unref();
    return closedPromise;
  }

  destroy(error?: Error): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.pinger);
    dirty.delete(this);
    this.queue = [];
    this.socket.destroy();
    const failure = error ?? new Error("connection closed");
    const callbacks = [...this.pending.values()];
    this.pending.clear();
    for (const callback of callbacks) callback(failure);
  }

  flush(): void {
    if (this.queue.length === 0 || this.closed) return;
    this.socket.write(this.queue.length === 1 ? this.queue[0]! : Buffer.concat(this.queue));
    this.queue = [];
  }

  private send(packet: Buffer) {
    this.queue.push(packet);
    this.lastSend = Date.now();
    dirty.add(this);
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flushAll);
    }
  }

  private ping(keepalive: number) {
    if (!this.ending && Date.now() - this.lastSend >= (keepalive * 1000) / 2) this.send(PINGREQ);
  }

  // Hand-decoded: a broker only sends this publisher CONNACK, PUBACK and PINGRESP, and PUBACKs
  // (4 bytes each, most of the inbound traffic) need no packet object or buffer list.
  private read(chunk: Buffer) {
    const data = this.inbound ? Buffer.concat([this.inbound, chunk]) : chunk;
    let offset = 0;
    while (!this.closed) {
      let remaining = 0;
      let lengthBytes = 0;
      let complete = false;
      for (let multiplier = 1; lengthBytes < 4 && offset + 1 + lengthBytes < data.length; multiplier *= 0x80) {
        const byte = data[offset + 1 + lengthBytes++]!;
        remaining += (byte & 0x7f) * multiplier;
        if (byte < 0x80) {
          complete = true;
          break;
        }
      }
      if (!complete && lengthBytes === 4) return this.destroy(new Error("malformed MQTT remaining length"));
      const body = offset + 1 + lengthBytes;
      if (!complete || body + remaining > data.length) break;
      const type = data[offset]! >> 4;
      if (type === 4 && remaining >= 2) {
        const id = data.readUInt16BE(body);
        const callback = this.pending.get(id);
        this.pending.delete(id);
        callback?.();
      } else if (type === 2 && remaining >= 2) this.onConnack?.(data[body + 1]!);
      offset = body + remaining;
    }
    // Copied: the shared read buffer is overwritten by the next read.
    this.inbound = offset < data.length ? Buffer.from(data.subarray(offset)) : null;
  }
}
