import { X509Certificate } from "node:crypto";
import { createDeviceProfile } from "@industryos/db/testing";
import { caProvisionKey, certificateSha256 } from "@industryos/device-protocol/x509-provisioning";
import mqtt from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./harness.ts";
import { certificateFactory } from "./x509-chain-certificates.ts";

// ThingsBoard's X509_CERTIFICATE_CHAIN provisioning: a device whose TLS client certificate chains to its device
// profile's CA is created on its first MQTT-over-TLS connection, named by its CN; the server's own CA
// (MQTT_TLS_CA_FILE) knows nothing of these devices.
let h: Harness;
let certs: ReturnType<typeof certificateFactory>;
let profileId: string;
let fleetCa: { cert: string; key: string };

beforeAll(async () => {
  certs = certificateFactory();
  certs.rootCa("server-ca", "Server CA");
  certs.leaf("server", "localhost", "server-ca");
  fleetCa = certs.rootCa("fleet-ca", "Fleet CA");
  h = await startHarness({
    redisDb: 22,
    overrides: {
      MQTT_TLS_CERT_FILE: certs.file("server.crt"),
      MQTT_TLS_KEY_FILE: certs.file("server.key"),
      MQTT_TLS_CA_FILE: certs.file("server-ca.crt"),
    },
  });
  // As `PUT /device-profiles/{id}/provisioning` stores it.
  const profile = await createDeviceProfile(h.db.system, { tenantId: h.tenantId, name: "Fleet sensors" });
  profileId = profile.id;
  const ca = new X509Certificate(fleetCa.cert);
  await h.db.system.deviceProfile.update({
    where: { id: profile.id },
    data: {
      provisionType: "X509_CERTIFICATE_CHAIN",
      provisionDeviceKey: caProvisionKey(certificateSha256(ca)),
      provisionConfig: {
        caCertificatePem: fleetCa.cert,
        caSubject: ca.subject,
        commonNameRegex: "^sensor-(.+)$",
        allowCreateNewDevices: true,
      },
    },
  });
});
afterAll(async () => {
  await h?.close();
});

const serverCa = () => certs.file("server-ca.crt");

async function connectWith(cert: string, key: string) {
  const { readFileSync } = await import("node:fs");
  return mqtt.connectAsync(`mqtts://127.0.0.1:${h.ingest.ports.mqttTls}`, {
    ca: readFileSync(serverCa()),
    rejectUnauthorized: true,
    reconnectPeriod: 0,
    connectTimeout: 15_000,
    cert,
    key,
  });
}

const devicesNamed = (name: string) =>
  h.db.system.device.findMany({ where: { tenantId: h.tenantId, name }, include: { credentials: true } });

describe("X.509 certificate chain provisioning", () => {
  it("creates the device on its first connection when it presents its chain, then knows it", async () => {
    const device = certs.leaf("sensor-42", "sensor-42", "fleet-ca");
    const client = await connectWith(device.cert + fleetCa.cert, device.key);
    await client.publishAsync("v1/devices/me/attributes", JSON.stringify({ provisioned: true }), { qos: 1 });
    await client.endAsync();

    const [created, ...others] = await devicesNamed("42");
    expect(others).toEqual([]);
    expect(created).toMatchObject({ deviceProfileId: profileId });
    expect(created!.credentials).toEqual([
      expect.objectContaining({
        type: "X509_CERTIFICATE",
        credentialsId: certificateSha256(new X509Certificate(device.cert)),
      }),
    ]);
    const attribute = await h.db.system.attribute.findFirst({ where: { entityId: created!.id, key: "provisioned" } });
    expect(attribute?.boolValue).toBe(true);

    // The same certificate again: the same device, none created.
    const again = await connectWith(device.cert + fleetCa.cert, device.key);
    await again.endAsync();
    expect((await devicesNamed("42")).map((d) => d.id)).toEqual([created!.id]);
  });

  it("finds the profile by the certificate's issuer when the device sends only its own certificate", async () => {
    const device = certs.leaf("sensor-43", "sensor-43", "fleet-ca");
    const client = await connectWith(device.cert, device.key);
    await client.endAsync();
    expect(await devicesNamed("43")).toHaveLength(1);
  });

  it("follows an intermediate CA up to the profile's CA", async () => {
    const intermediate = certs.intermediateCa("site-ca", "Site 7 CA", "fleet-ca");
    const device = certs.leaf("sensor-44", "sensor-44", "site-ca");
    const client = await connectWith(device.cert + intermediate.cert + fleetCa.cert, device.key);
    await client.endAsync();
    expect(await devicesNamed("44")).toHaveLength(1);
  });

  it("refuses a certificate of another CA, and one whose CN the profile's pattern does not match", async () => {
    certs.rootCa("rogue-ca", "Fleet CA"); // same name as the real one, different key
    const rogue = certs.leaf("sensor-66", "sensor-66", "rogue-ca");
    await expect(connectWith(rogue.cert, rogue.key)).rejects.toMatchObject({ code: 5 });
    const unnamed = certs.leaf("camera-1", "camera-1", "fleet-ca");
    await expect(connectWith(unnamed.cert + fleetCa.cert, unnamed.key)).rejects.toMatchObject({ code: 5 });
    expect(await devicesNamed("66")).toEqual([]);
    expect(await h.db.system.device.count({ where: { name: { contains: "camera" } } })).toBe(0);
  });

  it("creates nothing when the profile allows only devices created beforehand", async () => {
    const profile = await h.db.system.deviceProfile.findUniqueOrThrow({ where: { id: profileId } });
    await h.db.system.deviceProfile.update({
      where: { id: profileId },
      data: { provisionConfig: { ...(profile.provisionConfig as object), allowCreateNewDevices: false } },
    });
    const device = certs.leaf("sensor-45", "sensor-45", "fleet-ca");
    await expect(connectWith(device.cert + fleetCa.cert, device.key)).rejects.toMatchObject({ code: 5 });
    expect(await devicesNamed("45")).toEqual([]);
    // A device provisioned earlier still connects.
    const known = await devicesNamed("42");
    expect(known).toHaveLength(1);
  });
});
