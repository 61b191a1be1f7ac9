// A device that connects with Clean Session = 0 (MQTT 3.1.1) or Clean Start = 0 with a
// Session Expiry (MQTT 5) resumes its session: the broker keeps its subscriptions, and the
// device does not subscribe again, so downlinks must reach it all the same.
import mqtt, { type IClientOptions } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pushSharedAttributes, sendServerRpc } from "@industryos/device-bus";
import { connectMqtt, newDevice, nextMessage, pushUntil, startHarness, waitFor, type Harness } from "./harness.ts";

/** Connects and reports whether the broker said it still had the session (CONNACK Session Present). */
function connectForSession(port: number, options: IClientOptions) {
  return new Promise<{ client: mqtt.MqttClient; sessionPresent: boolean }>((resolve, reject) => {
    const client = mqtt.connect(`mqtt://127.0.0.1:${port}`, { reconnectPeriod: 0, connectTimeout: 15_000, ...options });
    client.once("connect", (connack) => resolve({ client, sessionPresent: connack.sessionPresent }));
    client.once("error", reject);
  });
}

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ redisDb: 13 });
});
afterAll(async () => {
  await h?.close();
});

describe.each([
  { version: "MQTT 3.1.1", options: { protocolVersion: 4 as const, clean: false } },
  {
    version: "MQTT 5",
    options: { protocolVersion: 5 as const, clean: false, properties: { sessionExpiryInterval: 300 } },
  },
])("a resumed $version session", ({ options }) => {
  it("keeps its subscriptions: a queued RPC and shared-attribute updates arrive without subscribing again", async () => {
    const { device, accessToken } = await newDevice(h);
    const session = { ...options, username: accessToken, clientId: "field-unit" };
    const first = await connectMqtt(h.ingest.ports.mqtt, session);
    await first.subscribeAsync(["v1/devices/me/attributes", "v1/devices/me/rpc/request/+"], { qos: 1 });
    await first.endAsync();

    const queued = await sendServerRpc(h.db.system, h.redis, {
      tenantId: h.tenantId,
      deviceId: device.id,
      method: "reboot",
      timeoutMs: 60_000,
    });
    const { client: resumed, sessionPresent } = await connectForSession(h.ingest.ports.mqtt, {
      ...session,
      resubscribe: false,
    });
    expect(sessionPresent).toBe(true);
    const rpc = nextMessage(resumed, /^v1\/devices\/me\/rpc\/request\/\d+$/);
    expect(await rpc).toEqual({ topic: `v1/devices/me/rpc/request/${queued}`, body: { method: "reboot", params: {} } });

    await waitFor(async () => h.ingest.service.deps.bus.isConnectedHere(device.id));
    const update = await pushUntil(
      () =>
        pushSharedAttributes(h.redis, device.id, { updated: [{ key: "setpoint", value: { type: "LONG", value: 7 } }] }),
      nextMessage(resumed, "v1/devices/me/attributes"),
    );
    expect(update.body).toEqual({ setpoint: 7 });
    await resumed.endAsync();
  });
});

describe("persistent sessions", () => {
  let short: Harness;
  beforeAll(async () => {
    short = await startHarness({ redisDb: 15, overrides: { INGEST_MQTT_SESSION_EXPIRY_SECONDS: 1 } });
  });
  afterAll(async () => {
    await short?.close();
  });

  // aedes keeps an MQTT 3.1.1 session forever: a device reconnecting under ever new client ids
  // would leave one behind each time.
  it.each([
    { version: "MQTT 3.1.1", options: { protocolVersion: 4 as const, clean: false } },
    {
      version: "MQTT 5",
      options: { protocolVersion: 5 as const, clean: false, properties: { sessionExpiryInterval: 3600 } },
    },
  ])("end INGEST_MQTT_SESSION_EXPIRY_SECONDS after the device disconnects ($version)", async ({ options }) => {
    const { accessToken } = await newDevice(short);
    const session = { ...options, username: accessToken, clientId: "expiring-unit" };
    const first = await connectMqtt(short.ingest.ports.mqtt, session);
    await first.subscribeAsync("v1/devices/me/attributes", { qos: 1 });
    await first.endAsync();

    await new Promise((r) => setTimeout(r, 2500));
    const { client: later, sessionPresent } = await connectForSession(short.ingest.ports.mqtt, session);
    expect(sessionPresent).toBe(false);
    await later.endAsync();
  });
});
