// One simulated device doing ThingsBoard's firmware update over MQTT, as its client SDKs do: it waits for the
// fw_* shared attributes, reports DOWNLOADING, asks for the image chunk by chunk on v2/fw/request/{id}/chunk/{n},
// hashes what comes back, and reports DOWNLOADED, VERIFIED, UPDATING and UPDATED (or FAILED on a bad checksum).
// A bare MQTT 3.1.1 client over mqtt-packet (QoS 0): ten thousand mqtt.js clients would take the cores they measure.
// Keep-alive 0: it sends no PINGREQ, and a device whose wave comes late must not be dropped as silent meanwhile.
import { createHash, type Hash } from "node:crypto";
import net from "node:net";
import mqttPacket from "mqtt-packet";

export interface DeviceStats {
  chunks: number;
  bytes: number;
  firstChunkAt: number;
  lastChunkAt: number;
}

const ATTRIBUTES = "v1/devices/me/attributes";
const RESPONSES = "v2/fw/response/+/chunk/+";

export class OtaDevice {
  private socket!: net.Socket;
  private readonly parser = mqttPacket.parser({ protocolVersion: 4 });
  private hash: Hash | null = null;
  private size = 0;
  private received = 0;
  private checksum = "";
  private version = "";
  private title = "";
  private nextChunk = 0;
  done: Promise<"UPDATED" | "FAILED">;
  private finish!: (state: "UPDATED" | "FAILED") => void;

  constructor(
    private readonly token: string,
    private readonly chunkSize: number,
    private readonly stats: DeviceStats,
  ) {
    this.done = new Promise((resolve) => (this.finish = resolve));
  }

  connect(host: string, port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket = net.connect({ host, port, noDelay: true });
      this.socket.on("error", reject);
      this.parser.on("packet", (packet) => {
        if (packet.cmd === "connack") {
          if (packet.returnCode !== 0) return reject(new Error(`CONNACK ${packet.returnCode}`));
          this.send({
            cmd: "subscribe",
            messageId: 1,
            subscriptions: [ATTRIBUTES, RESPONSES].map((topic) => ({ topic, qos: 0 })),
          });
        } else if (packet.cmd === "suback") resolve();
        else if (packet.cmd === "publish") this.onPublish(packet.topic, packet.payload as Buffer);
      });
      this.socket.on("data", (data) => this.parser.parse(data));
      this.send({
        cmd: "connect",
        protocolId: "MQTT",
        protocolVersion: 4,
        clean: true,
        clientId: this.token,
        keepalive: 0,
        username: this.token,
      });
    });
  }

  private send(packet: object) {
    this.socket.write(mqttPacket.generate(packet as mqttPacket.Packet));
  }

  private publish(topic: string, payload: string) {
    this.send({ cmd: "publish", topic, payload, qos: 0, retain: false, dup: false });
  }

  private onPublish(topic: string, payload: Buffer) {
    if (topic === ATTRIBUTES) {
      const shared = JSON.parse(payload.toString()) as Record<string, unknown>;
      if (typeof shared.fw_title !== "string" || this.hash) return;
      this.title = shared.fw_title;
      this.version = String(shared.fw_version);
      this.size = Number(shared.fw_size);
      this.checksum = String(shared.fw_checksum);
      this.hash = createHash("sha256");
      this.publish("v1/devices/me/telemetry", JSON.stringify({ fw_state: "DOWNLOADING" }));
      this.requestNext();
      return;
    }
    if (!this.hash) return;
    const now = performance.now();
    if (this.stats.chunks === 0) this.stats.firstChunkAt = now;
    this.stats.lastChunkAt = now;
    this.stats.chunks++;
    this.stats.bytes += payload.length;
    this.hash.update(payload);
    this.received += payload.length;
    if (this.received < this.size && payload.length > 0) return this.requestNext();
    const ok = this.hash.digest("hex") === this.checksum;
    const telemetry = (values: object) => this.publish("v1/devices/me/telemetry", JSON.stringify(values));
    telemetry({ fw_state: "DOWNLOADED" });
    if (!ok) {
      telemetry({ fw_state: "FAILED", fw_error: "checksum mismatch" });
      return this.finish("FAILED");
    }
    telemetry({ fw_state: "VERIFIED" });
    telemetry({ fw_state: "UPDATING" });
    telemetry({ fw_state: "UPDATED", current_fw_title: this.title, current_fw_version: this.version });
    this.finish("UPDATED");
  }

  private requestNext() {
    this.publish(`v2/fw/request/1/chunk/${this.nextChunk++}`, String(this.chunkSize));
  }

  close() {
    this.socket?.destroy();
  }
}
