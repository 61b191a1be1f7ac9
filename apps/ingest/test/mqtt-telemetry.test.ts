import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTelemetryStore, type TelemetryStore } from "@industryos/db/telemetry";
import { Redis } from "ioredis";
import { connect as connectTcp } from "node:net";
import { generate, parser as mqttParser, type Packet } from "mqtt-packet";
import {
  announceLiveWatchChange,
  liveDeviceChannel,
  partitionOf,
  readRuleEngineEntry,
  ruleEngineStream,
} from "@industryos/device-protocol";
import { connectMqtt, newDevice, startHarness, waitFor, type Harness } from "./harness.ts";

let h: Harness;
let store: TelemetryStore;

beforeAll(async () => {
  h = await startHarness({ redisDb: 7 });
  store = createTelemetryStore(h.db);
});
afterAll(async () => {
  await h?.close();
});

const history = (tenantId: string, deviceId: string, keys: string[]) =>
  store.range(tenantId, deviceId, { keys, from: 0, to: Date.now() + 86_400_000, order: "ASC" });

describe("MQTT telemetry", () => {
  it("persists every payload form before the PUBACK, typed, with server time when ts is absent", async () => {
    const { device, accessToken } = await newDevice(h);
    const client = await connectMqtt(h.ingest.ports.mqtt, { username: accessToken });
    const before = Date.now();
    await client.publishAsync("v1/devices/me/telemetry", JSON.stringify({ temperature: 21.5, count: 3 }), { qos: 1 });
    await client.publishAsync(
      "v1/devices/me/telemetry",
      JSON.stringify({ ts: 1_700_000_000_000, values: { mode: "auto", on: true } }),
      { qos: 1 },
    );
    await client.publishAsync(
      "v1/devices/me/telemetry",
      JSON.stringify([
        { ts: 1_700_000_001_000, values: { cfg: { a: 1 } } },
        { ts: 1_700_000_002_000, values: { count: 4 } },
      ]),
      { qos: 1 },
    );
    await client.publishAsync("v2/t", JSON.stringify({ short: 1 }), { qos: 1 });
    await client.endAsync();

    const points = await history(h.tenantId, device.id, ["temperature", "count", "mode", "on", "cfg", "short"]);
    expect(points.temperature).toEqual([{ ts: expect.any(Number), value: { type: "DOUBLE", value: 21.5 } }]);
    expect(points.temperature![0]!.ts).toBeGreaterThanOrEqual(before);
    expect(points.mode).toEqual([{ ts: 1_700_000_000_000, value: { type: "STRING", value: "auto" } }]);
    expect(points.on).toEqual([{ ts: 1_700_000_000_000, value: { type: "BOOLEAN", value: true } }]);
    expect(points.cfg).toEqual([{ ts: 1_700_000_001_000, value: { type: "JSON", value: { a: 1 } } }]);
    expect(points.count!.map((p) => p.value.value)).toEqual([4, 3]);
    expect(points.short).toHaveLength(1);
    // The latest value is the newest by time, not the last written.
    expect((await store.latest(h.tenantId, device.id, ["count"])).count).toMatchObject({
      value: { type: "LONG", value: 3 },
    });
  });

  it("publishes committed telemetry to the device's rule-engine partition and records activity", async () => {
    const { device, accessToken } = await newDevice(h);
    const client = await connectMqtt(h.ingest.ports.mqtt, { username: accessToken });
    await client.publishAsync("v1/devices/me/telemetry", JSON.stringify({ marker: 42 }), { qos: 1 });
    await client.endAsync();
    const entries = await h.redis.xrange(ruleEngineStream(partitionOf(device.id)), "-", "+");
    const mine = entries
      .flatMap(
        ([, fields]) => readRuleEngineEntry(fields) as { deviceId: string; type: string; points: { key: string }[] }[],
      )
      .filter((m) => m.deviceId === device.id);
    expect(mine).toEqual([
      expect.objectContaining({
        type: "POST_TELEMETRY_REQUEST",
        tenantId: h.tenantId,
        points: [expect.objectContaining({ key: "marker", value: 42 })],
      }),
    ]);
    const seen = await waitFor(async () => {
      const row = await h.db.system.device.findUnique({ where: { id: device.id } });
      return row?.lastActivityAt && row.lastConnectAt ? row : null;
    });
    expect(seen.lastActivityAt!.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it("publishes committed telemetry live on the channels dashboards listen to, and nowhere else", async () => {
    const watched = await newDevice(h);
    const unwatched = await newDevice(h);
    const subscriber = new Redis(process.env.REDIS_URL!);
    const received: { channel: string; message: { deviceId: string; points: { key: string; value: unknown }[] } }[] =
      [];
    subscriber.on("pmessage", (_pattern: string, channel: string, message: string) =>
      received.push({ channel, message: JSON.parse(message) }),
    );
    subscriber.on("message", (channel: string, message: string) =>
      received.push({ channel, message: JSON.parse(message) }),
    );
    try {
      // A pattern listener sees whatever is published for the tenant; the exact one is a dashboard.
      await subscriber.psubscribe(`live:${h.tenantId}:*`);
      await subscriber.subscribe(liveDeviceChannel(h.tenantId, watched.device.id));
      await announceLiveWatchChange(h.redis);
      for (const { accessToken } of [unwatched, watched]) {
        const client = await connectMqtt(h.ingest.ports.mqtt, { username: accessToken });
        await client.publishAsync("v1/devices/me/telemetry", JSON.stringify({ level: 7 }), { qos: 1 });
        await client.endAsync();
      }
      await waitFor(async () => received.length >= 2);
      await new Promise((r) => setTimeout(r, 200)); // anything else published would have arrived by now
      expect(received.map((r) => r.channel)).toEqual([
        liveDeviceChannel(h.tenantId, watched.device.id),
        liveDeviceChannel(h.tenantId, watched.device.id),
      ]);
      expect(received[0]!.message).toMatchObject({ deviceId: watched.device.id, points: [{ key: "level", value: 7 }] });
    } finally {
      subscriber.disconnect();
    }
  });

  it("a dashboard that starts watching between two batches gets the second one, though ingest caches who watches", async () => {
    const { device, accessToken } = await newDevice(h);
    const client = await connectMqtt(h.ingest.ports.mqtt, { username: accessToken });
    const subscriber = new Redis(process.env.REDIS_URL!);
    const received: { level: number }[] = [];
    subscriber.on("message", (_channel: string, message: string) =>
      received.push(
        ...(JSON.parse(message) as { points: { value: number }[] }).points.map((p) => ({ level: p.value })),
      ),
    );
    try {
      // Nobody watches: ingest lists the watched channels (none) and keeps the list.
      await client.publishAsync("v1/devices/me/telemetry", JSON.stringify({ level: 1 }), { qos: 1 });
      // A dashboard subscribes and announces it, as the web's LiveBus does, well within the list's 5 s lifetime.
      await subscriber.subscribe(liveDeviceChannel(h.tenantId, device.id));
      await announceLiveWatchChange(h.redis);
      await client.publishAsync("v1/devices/me/telemetry", JSON.stringify({ level: 2 }), { qos: 1 });
      await waitFor(async () => received.length >= 1);
      expect(received).toEqual([{ level: 2 }]);
    } finally {
      subscriber.disconnect();
      await client.endAsync();
    }
  });

  it("keeps the tenant from the credentials whatever the payload says", async () => {
    const { device, accessToken } = await newDevice(h);
    const client = await connectMqtt(h.ingest.ports.mqtt, { username: accessToken });
    await client.publishAsync(
      "v1/devices/me/telemetry",
      JSON.stringify({ tenantId: "00000000-0000-0000-0000-000000000001", x: 1 }),
      { qos: 1 },
    );
    await client.endAsync();
    const points = await history(h.tenantId, device.id, ["tenantId", "x"]);
    expect(points.tenantId![0]!.value).toEqual({ type: "STRING", value: "00000000-0000-0000-0000-000000000001" });
  });

  it("stores telemetry for gateway sub-devices", async () => {
    const { accessToken } = await newDevice(h, { isGateway: true });
    const client = await connectMqtt(h.ingest.ports.mqtt, { username: accessToken });
    await client.publishAsync(
      "v1/gateway/telemetry",
      JSON.stringify({ "Meter 1": [{ ts: 1_700_000_000_000, values: { kwh: 12.5 } }], "Meter 2": { kwh: 3 } }),
      { qos: 1 },
    );
    await client.endAsync();
    const meter1 = (await h.db.system.device.findUnique({
      where: { tenantId_name: { tenantId: h.tenantId, name: "Meter 1" } },
    }))!;
    const meter2 = (await h.db.system.device.findUnique({
      where: { tenantId_name: { tenantId: h.tenantId, name: "Meter 2" } },
    }))!;
    expect((await history(h.tenantId, meter1.id, ["kwh"])).kwh).toEqual([
      { ts: 1_700_000_000_000, value: { type: "DOUBLE", value: 12.5 } },
    ]);
    expect((await history(h.tenantId, meter2.id, ["kwh"])).kwh).toHaveLength(1);
  });

  it("batches many devices' messages and acknowledges each only once stored", async () => {
    const devices = await Promise.all(Array.from({ length: 20 }, () => newDevice(h)));
    const clients = await Promise.all(
      devices.map((d) => connectMqtt(h.ingest.ports.mqtt, { username: d.accessToken })),
    );
    await Promise.all(
      clients.flatMap((c, i) =>
        Array.from({ length: 10 }, (_, n) =>
          c.publishAsync("v1/devices/me/telemetry", JSON.stringify({ ts: 1_700_000_000_000 + n, values: { n, i } }), {
            qos: 1,
          }),
        ),
      ),
    );
    await Promise.all(clients.map((c) => c.endAsync()));
    for (const d of devices) {
      expect((await history(h.tenantId, d.device.id, ["n"])).n).toHaveLength(10);
    }
  });

  it("acknowledges publishes sent together in the order they were sent, each after its point is stored", async () => {
    const { device, accessToken } = await newDevice(h);
    const socket = connectTcp(h.ingest.ports.mqtt, "127.0.0.1");
    const received: Packet[] = [];
    const parse = mqttParser();
    parse.on("packet", (p) => received.push(p));
    socket.on("data", (chunk) => parse.parse(chunk));
    try {
      await new Promise((resolve) => socket.once("connect", resolve));
      socket.write(
        generate({
          cmd: "connect",
          protocolId: "MQTT",
          protocolVersion: 4,
          clean: true,
          clientId: "raw",
          keepalive: 60,
          username: accessToken,
        }),
      );
      await waitFor(async () => received.some((p) => p.cmd === "connack"));
      // Ids out of numeric order, all in one TCP write, so they are decoded and committed together.
      const ids = [7, 3, 41, 12, 1, 65535, 2, 300, 9, 8];
      socket.write(
        Buffer.concat(
          ids.map((messageId, n) =>
            generate({
              cmd: "publish",
              topic: "v1/devices/me/telemetry",
              qos: 1,
              messageId,
              retain: false,
              dup: false,
              payload: JSON.stringify({ ts: 1_700_000_000_000 + n, values: { seq: n } }),
            }),
          ),
        ),
      );
      await waitFor(async () => received.filter((p) => p.cmd === "puback").length === ids.length);
      expect(received.filter((p) => p.cmd === "puback").map((p) => (p as { messageId: number }).messageId)).toEqual(
        ids,
      );
      const seq = (await history(h.tenantId, device.id, ["seq"])).seq!;
      expect(seq.map((p) => p.value.value)).toEqual(ids.map((_, n) => n));
    } finally {
      socket.destroy();
    }
  });
});
