import { createHash, randomBytes } from "node:crypto";
import { request as coapRequest, Agent, type IncomingMessage as CoapMessage } from "coap";
import type { MqttClient } from "mqtt";
import { PgLargeObjectStore } from "@industryos/db/blobs";
import type { OtaKind } from "@industryos/device-protocol";
import { expect } from "vitest";
import { connectMqtt, newDevice, type Harness } from "./harness.ts";

/**
 * A test device doing what ThingsBoard's client SDKs do for firmware (`fw_*`, `v2/fw`) and software (`sw_*`,
 * `v2/sw`): read the shared attributes, download over MQTT (chunked or whole), verify the checksum, report the
 * state as telemetry. Shared by firmware-download.test.ts and software-download.test.ts.
 */
export interface OtaImage {
  type: OtaKind;
  packageId: string;
  title: string;
  version: string;
  bytes: Buffer;
  sha256: string;
  fileName: string;
}

/** `fw` or `sw`: the prefix of the package's attributes, telemetry keys and topics. */
export const otaPrefix = (type: OtaKind) => (type === "FIRMWARE" ? "fw" : "sw");

/** A package of `size` random bytes in a PostgreSQL large object, as an upload leaves it. */
export async function createOtaImage(
  h: Harness,
  { type, title, version, size }: { type: OtaKind; title: string; version: string; size: number },
): Promise<OtaImage> {
  const bytes = randomBytes(size);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  async function* once() {
    yield bytes;
  }
  const blob = await new PgLargeObjectStore(h.db.systemPool).put(once(), { maxBytes: 1_000_000 });
  const fileName = `${title}-${version}.bin`;
  const { id } = await h.db.system.otaPackage.create({
    data: {
      tenantId: h.tenantId,
      type,
      title,
      version,
      size: bytes.length,
      checksum: sha256,
      checksumAlgorithm: "SHA256",
      storageKey: blob.key,
      fileName,
      contentType: "application/octet-stream",
    },
  });
  return { type, packageId: id, title, version, bytes, sha256, fileName };
}

/** A device with the package assigned, as the API leaves it: the column, the shared attributes and a QUEUED status. */
export async function deviceWithPackage(h: Harness, image: OtaImage) {
  const { device, accessToken } = await newDevice(h);
  const column = image.type === "FIRMWARE" ? "firmwareId" : "softwareId";
  await h.db.system.device.update({ where: { id: device.id }, data: { [column]: image.packageId } });
  const p = otaPrefix(image.type);
  const attrs: [string, { stringValue?: string; longValue?: bigint }][] = [
    [`${p}_title`, { stringValue: image.title }],
    [`${p}_version`, { stringValue: image.version }],
    [`${p}_size`, { longValue: BigInt(image.bytes.length) }],
    [`${p}_checksum`, { stringValue: image.sha256 }],
    [`${p}_checksum_algorithm`, { stringValue: "SHA256" }],
  ];
  await h.db.system.attribute.createMany({
    data: attrs.map(([key, value]) => ({
      tenantId: h.tenantId,
      entityType: "DEVICE" as const,
      entityId: device.id,
      scope: "SHARED" as const,
      key,
      ...value,
    })),
  });
  await h.db.system.deviceOtaStatus.create({
    data: {
      tenantId: h.tenantId,
      deviceId: device.id,
      type: image.type,
      targetPackageId: image.packageId,
      state: "QUEUED",
    },
  });
  return { deviceId: device.id, token: accessToken };
}

export const otaStatusOf = (h: Harness, deviceId: string, type: OtaKind) =>
  h.db.system.deviceOtaStatus.findUnique({ where: { deviceId_type: { deviceId, type } } });

/** The next message on a topic matching `pattern`, as raw bytes. */
export function nextBytes(
  client: MqttClient,
  pattern: RegExp,
  timeoutMs = 15_000,
): Promise<{ topic: string; payload: Buffer }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`nothing on ${pattern}`)), timeoutMs);
    const on = (topic: string, payload: Buffer) => {
      if (!pattern.test(topic)) return;
      clearTimeout(timer);
      client.off("message", on);
      resolve({ topic, payload });
    };
    client.on("message", on);
  });
}

export async function report(client: MqttClient, values: Record<string, string>) {
  await client.publishAsync("v1/devices/me/telemetry", JSON.stringify(values), { qos: 1 });
}

/** ThingsBoard's MQTT OTA client: attributes, then chunks until a short one (chunkSize 0: one request). */
export async function mqttUpdate(h: Harness, type: OtaKind, token: string, chunkSize: number) {
  const p = otaPrefix(type);
  const keys = ["title", "version", "size", "checksum", "checksum_algorithm"].map((k) => `${p}_${k}`).join(",");
  const client = await connectMqtt(h.ingest.ports.mqtt, { username: token, protocolVersion: 4 });
  await client.subscribeAsync(["v1/devices/me/attributes/response/+", `v2/${p}/response/+/chunk/+`, `v2/${p}/error`], {
    qos: 1,
  });
  const attributes = nextBytes(client, /^v1\/devices\/me\/attributes\/response\/1$/);
  await client.publishAsync("v1/devices/me/attributes/request/1", JSON.stringify({ sharedKeys: keys }), { qos: 1 });
  const shared = (JSON.parse((await attributes).payload.toString()) as { shared: Record<string, string | number> })
    .shared;
  await report(client, { [`${p}_state`]: "DOWNLOADING" });
  const parts: Buffer[] = [];
  for (let chunk = 0; ; chunk++) {
    const response = nextBytes(client, new RegExp(`^v2/${p}/response/42/chunk/\\d+$`));
    await client.publishAsync(`v2/${p}/request/42/chunk/${chunk}`, chunkSize ? String(chunkSize) : "", { qos: 1 });
    const got = await response;
    expect(got.topic).toBe(`v2/${p}/response/42/chunk/${chunk}`);
    parts.push(got.payload);
    if (chunkSize === 0 || got.payload.length < chunkSize) break;
  }
  const received = Buffer.concat(parts);
  await report(client, { [`${p}_state`]: "DOWNLOADED" });
  const verified = createHash("sha256").update(received).digest("hex") === shared[`${p}_checksum`];
  await report(
    client,
    verified ? { [`${p}_state`]: "VERIFIED" } : { [`${p}_state`]: "FAILED", [`${p}_error`]: "checksum mismatch" },
  );
  if (verified) {
    await report(client, { [`${p}_state`]: "UPDATING" });
    await report(client, {
      [`${p}_state`]: "UPDATED",
      [`current_${p}_title`]: String(shared[`${p}_title`]),
      [`current_${p}_version`]: String(shared[`${p}_version`]),
    });
  }
  await client.endAsync();
  return { received, shared, requests: parts.length };
}

/** One CoAP GET to ingest, answered with its code and payload (Block2 reassembled by the client). */
export function coapGet(h: Harness, path: string, query: string): Promise<{ code: string; payload: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = coapRequest({
      hostname: "127.0.0.1",
      port: h.ingest.ports.coap!,
      method: "GET",
      pathname: path,
      query,
      agent: new Agent({ type: "udp4" }),
    });
    req.on("response", (res: CoapMessage) => resolve({ code: res.code, payload: res.payload }));
    req.on("error", reject);
    req.end();
  });
}
