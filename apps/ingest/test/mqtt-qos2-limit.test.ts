// A device that never completes its QoS 2 handshakes must not be able to fill ingest's memory.
import { connect, type Socket } from "node:net";
import mqttPacket from "mqtt-packet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_PENDING_QOS2 } from "../src/mqtt/qos2-limit.ts";
import { newDevice, startHarness, waitFor, type Harness } from "./harness.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ redisDb: 12 });
});
afterAll(async () => {
  await h?.close();
});

/** A raw MQTT 3.1.1 connection: mqtt.js always sends PUBREL, this one never does. */
async function rawConnection(username: string) {
  const socket: Socket = connect(h.ingest.ports.mqtt, "127.0.0.1");
  const parser = mqttPacket.parser({ protocolVersion: 4 });
  const received: mqttPacket.Packet[] = [];
  const waiters: { match: (p: mqttPacket.Packet) => boolean; resolve: () => void }[] = [];
  let closed = false;
  parser.on("packet", (packet) => {
    received.push(packet);
    for (const w of waiters.filter((w) => w.match(packet))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  });
  socket.on("data", (chunk) => parser.parse(chunk));
  socket.on("error", () => undefined); // the server closing on us is what one test expects
  socket.on("close", () => (closed = true));
  /** Resolves when a packet of this kind (and id) arrives; call before sending what it answers. */
  const next = (cmd: string, messageId?: number) =>
    new Promise<void>((resolve) =>
      waiters.push({ match: (p) => p.cmd === cmd && (messageId === undefined || p.messageId === messageId), resolve }),
    );
  socket.write(
    mqttPacket.generate({
      cmd: "connect",
      protocolId: "MQTT",
      protocolVersion: 4,
      clean: true,
      clientId: "qos2-hoarder",
      keepalive: 60,
      username,
    }),
  );
  await waitFor(async () => received.some((p) => p.cmd === "connack"));
  return { socket, received, next, isClosed: () => closed };
}

describe("QoS 2 messages waiting for PUBREL", () => {
  it(`are answered with PUBREC up to ${MAX_PENDING_QOS2} per client; one more closes the connection`, async () => {
    const { accessToken } = await newDevice(h);
    const conn = await rawConnection(accessToken);
    const publish = (messageId: number) =>
      conn.socket.write(
        mqttPacket.generate({
          cmd: "publish",
          topic: "v1/devices/me/telemetry",
          payload: JSON.stringify({ n: messageId }),
          qos: 2,
          messageId,
          retain: false,
          dup: false,
        }),
      );
    for (let id = 1; id <= MAX_PENDING_QOS2; id++) publish(id);
    await waitFor(async () => conn.received.filter((p) => p.cmd === "pubrec").length === MAX_PENDING_QOS2);
    expect(conn.isClosed()).toBe(false);

    publish(MAX_PENDING_QOS2 + 1);
    // The message is persisted before aedes stores it for the handshake, so allow a loaded CI
    // machine its time; a PUBREC for it would mean the cap did not hold.
    await waitFor(
      async () =>
        conn.isClosed() || conn.received.some((p) => p.cmd === "pubrec" && p.messageId === MAX_PENDING_QOS2 + 1),
      60_000,
    );
    expect(conn.received.filter((p) => p.cmd === "pubrec")).toHaveLength(MAX_PENDING_QOS2);
    expect(conn.isClosed()).toBe(true);
  }, 90_000);

  it("end with a clean session: the same client id reconnecting starts from none waiting", async () => {
    const { accessToken } = await newDevice(h);
    const publishAll = async (conn: Awaited<ReturnType<typeof rawConnection>>, first: number) => {
      for (let id = first; id < first + MAX_PENDING_QOS2; id++) {
        conn.socket.write(
          mqttPacket.generate({
            cmd: "publish",
            topic: "v1/devices/me/telemetry",
            payload: JSON.stringify({ n: id }),
            qos: 2,
            messageId: id,
            retain: false,
            dup: false,
          }),
        );
      }
      await waitFor(
        async () => conn.isClosed() || conn.received.filter((p) => p.cmd === "pubrec").length === MAX_PENDING_QOS2,
        60_000,
      );
    };
    const first = await rawConnection(accessToken);
    await publishAll(first, 1);
    first.socket.end(mqttPacket.generate({ cmd: "disconnect" }));
    await waitFor(async () => first.isClosed());

    // Other message ids: had the first session's 100 stayed counted, the first of these would
    // be refused and the connection closed.
    const second = await rawConnection(accessToken);
    await publishAll(second, MAX_PENDING_QOS2 + 1);
    expect(second.received.filter((p) => p.cmd === "pubrec")).toHaveLength(MAX_PENDING_QOS2);
    expect(second.isClosed()).toBe(false);
    second.socket.end(mqttPacket.generate({ cmd: "disconnect" }));
  }, 150_000);

  it("a client that completes its handshakes is never limited", async () => {
    const { accessToken } = await newDevice(h);
    const conn = await rawConnection(accessToken);
    for (let id = 1; id <= MAX_PENDING_QOS2 * 2; id++) {
      const pubrec = conn.next("pubrec", id);
      conn.socket.write(
        mqttPacket.generate({
          cmd: "publish",
          topic: "v1/devices/me/telemetry",
          payload: JSON.stringify({ n: id }),
          qos: 2,
          messageId: id,
          retain: false,
          dup: false,
        }),
      );
      await pubrec;
      const pubcomp = conn.next("pubcomp", id);
      conn.socket.write(mqttPacket.generate({ cmd: "pubrel", messageId: id }));
      await pubcomp;
    }
    expect(conn.isClosed()).toBe(false);
    conn.socket.end(mqttPacket.generate({ cmd: "disconnect" }));
  });
});
