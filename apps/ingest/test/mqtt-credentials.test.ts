import { afterAll, beforeAll, describe, expect, it } from "vitest";
import mqtt from "mqtt";
import { hashSecret, mqttBasicCredentialsId } from "@industryos/db";
import { createDevice } from "@industryos/db/testing";
import { credentialCacheKey, invalidateDeviceCredentials } from "@industryos/device-bus";
import { generateCertificates } from "./certificates.ts";
import { closed, connectMqtt, newDevice, startHarness, type Harness } from "./harness.ts";

let h: Harness;
let certs: ReturnType<typeof generateCertificates>;

beforeAll(async () => {
  certs = generateCertificates();
  h = await startHarness({
    redisDb: 3,
    overrides: {
      MQTT_TLS_CERT_FILE: certs.files.serverCert,
      MQTT_TLS_KEY_FILE: certs.files.serverKey,
      MQTT_TLS_CA_FILE: certs.files.caCert,
    },
  });
});
afterAll(async () => {
  await h?.close();
});

const attributeKeys = async (deviceId: string) =>
  (await h.db.system.attribute.findMany({ where: { entityId: deviceId }, orderBy: { key: "asc" } })).map((r) => r.key);

async function basicDevice(clientId: string | null, username: string | null, password: string) {
  // A device has one credential: turn the factory's access token into basic credentials.
  const { device, credential } = await newDevice(h);
  await h.db.system.deviceCredential.update({
    where: { id: credential.id },
    data: {
      type: "MQTT_BASIC",
      credentialsId: mqttBasicCredentialsId(clientId, username),
      mqttClientId: clientId,
      mqttUsername: username,
      mqttPasswordHash: await hashSecret(password),
    },
  });
  return device;
}

describe("MQTT basic credentials", () => {
  it("accepts client id + username + password and refuses a wrong password with CONNACK 5", async () => {
    const device = await basicDevice("plc-7", "line3", "correct horse");
    const client = await connectMqtt(h.ingest.ports.mqtt, {
      clientId: "plc-7",
      username: "line3",
      password: "correct horse",
    });
    await client.publishAsync("v1/devices/me/attributes", JSON.stringify({ basic: true }), { qos: 1 });
    await client.endAsync();
    expect(await attributeKeys(device.id)).toEqual(["basic"]);
    await expect(
      connectMqtt(h.ingest.ports.mqtt, { clientId: "plc-7", username: "line3", password: "wrong" }),
    ).rejects.toMatchObject({ code: 5 });
  });

  it("matches a username-only credential whatever the client id", async () => {
    const device = await basicDevice(null, "only-user", "pw-123456");
    const client = await connectMqtt(h.ingest.ports.mqtt, {
      clientId: "anything",
      username: "only-user",
      password: "pw-123456",
    });
    await client.publishAsync("v1/devices/me/attributes", JSON.stringify({ user: 1 }), { qos: 1 });
    await client.endAsync();
    expect(await attributeKeys(device.id)).toEqual(["user"]);
  });

  it("caches the credential record in Redis, never the password, and takes a new password once the device's credentials are invalidated", async () => {
    const device = await basicDevice("rtu-1", "station-4", "first-pass");
    const first = await connectMqtt(h.ingest.ports.mqtt, {
      clientId: "rtu-1",
      username: "station-4",
      password: "first-pass",
    });
    await first.endAsync();
    const cached = await h.redis.get(credentialCacheKey("MQTT_BASIC", mqttBasicCredentialsId("rtu-1", "station-4")));
    expect(JSON.parse(cached!)).toMatchObject({ session: { deviceId: device.id } });
    expect(cached).not.toContain("first-pass");

    // The password changes in the database: connects keep being checked against the cached hash...
    await h.db.system.deviceCredential.updateMany({
      where: { deviceId: device.id },
      data: { mqttPasswordHash: await hashSecret("second-pass") },
    });
    await expect(
      connectMqtt(h.ingest.ports.mqtt, { clientId: "rtu-1", username: "station-4", password: "second-pass" }),
    ).rejects.toMatchObject({ code: 5 });
    // ...until the platform invalidates the device's credentials, as the API does on every change.
    await invalidateDeviceCredentials(h.redis, device.id);
    await expect(
      connectMqtt(h.ingest.ports.mqtt, { clientId: "rtu-1", username: "station-4", password: "first-pass" }),
    ).rejects.toMatchObject({ code: 5 });
    const second = await connectMqtt(h.ingest.ports.mqtt, {
      clientId: "rtu-1",
      username: "station-4",
      password: "second-pass",
    });
    await second.endAsync();
  });
});

describe("MQTT over TLS", () => {
  const tlsOptions = () => ({ ca: certs.ca, rejectUnauthorized: true, reconnectPeriod: 0, connectTimeout: 15_000 });

  it("authenticates a device by its client certificate's SHA-256 thumbprint", async () => {
    const { device, credential } = await newDevice(h);
    await h.db.system.deviceCredential.update({
      where: { id: credential.id },
      data: { type: "X509_CERTIFICATE", credentialsId: certs.clientThumbprint, certificatePem: certs.client.cert },
    });
    const client = await mqtt.connectAsync(`mqtts://127.0.0.1:${h.ingest.ports.mqttTls}`, {
      ...tlsOptions(),
      cert: certs.client.cert,
      key: certs.client.key,
    });
    await client.publishAsync("v1/devices/me/attributes", JSON.stringify({ x509: true }), { qos: 1 });
    await client.endAsync();
    expect(await attributeKeys(device.id)).toEqual(["x509"]);
  });

  it("accepts an access token over TLS without a client certificate", async () => {
    const { device, accessToken } = await newDevice(h);
    const client = await mqtt.connectAsync(`mqtts://127.0.0.1:${h.ingest.ports.mqttTls}`, {
      ...tlsOptions(),
      username: accessToken,
    });
    await client.publishAsync("v1/devices/me/attributes", JSON.stringify({ tls: true }), { qos: 1 });
    await client.endAsync();
    expect(await attributeKeys(device.id)).toEqual(["tls"]);
  });

  it("refuses a certificate no device owns with CONNACK 5", async () => {
    // The certificate registered above stops matching once its credential is gone and the cache dropped.
    const owner = await h.db.system.deviceCredential.findUniqueOrThrow({
      where: { credentialsId: certs.clientThumbprint },
    });
    await h.db.system.deviceCredential.update({
      where: { id: owner.id },
      data: { type: "ACCESS_TOKEN", credentialsId: "retired-cert-device", certificatePem: null },
    });
    await invalidateDeviceCredentials(h.redis, owner.deviceId);
    await expect(
      mqtt.connectAsync(`mqtts://127.0.0.1:${h.ingest.ports.mqttTls}`, {
        ...tlsOptions(),
        cert: certs.client.cert,
        key: certs.client.key,
      }),
    ).rejects.toMatchObject({ code: 5 });
  });
});

describe("MQTT over WebSocket", () => {
  it("accepts the same access-token devices", async () => {
    const { device, accessToken } = await newDevice(h);
    const client = await mqtt.connectAsync(`ws://127.0.0.1:${h.ingest.ports.mqttWs}`, {
      username: accessToken,
      reconnectPeriod: 0,
    });
    await client.publishAsync("v1/devices/me/attributes", JSON.stringify({ ws: true }), { qos: 1 });
    await client.endAsync();
    expect(await attributeKeys(device.id)).toEqual(["ws"]);
  });
});

describe("credential invalidation", () => {
  it("disconnects live sessions and refuses the old token once the device's credentials change", async () => {
    const { device, credential, accessToken } = await createDevice(h.db.system, { tenantId: h.tenantId });
    const client = await connectMqtt(h.ingest.ports.mqtt, { username: accessToken });
    const wasClosed = closed(client);
    await h.db.system.deviceCredential.update({
      where: { id: credential.id },
      data: { credentialsId: `${accessToken}-rotated` },
    });
    await invalidateDeviceCredentials(h.redis, device.id);
    await wasClosed;
    client.end(true);
    await expect(connectMqtt(h.ingest.ports.mqtt, { username: accessToken })).rejects.toMatchObject({ code: 5 });
  });
});
