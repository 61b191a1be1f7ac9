import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closed, connectMqtt, newDevice, startHarness, waitFor, type Harness } from "./harness.ts";
import {
  coapGet as coapGetOf,
  createOtaImage,
  deviceWithPackage,
  mqttUpdate as mqttUpdateOf,
  nextBytes,
  otaStatusOf,
  report,
  type OtaImage,
} from "./ota-device.ts";

/**
 * ThingsBoard's OTA protocol end to end, played by a test device that does what ThingsBoard's
 * client SDKs do: read the fw_* shared attributes, download over MQTT (chunked and whole), HTTP or
 * CoAP, verify the checksum, and report fw_state / current_fw_* as telemetry. (Software: software-download.test.ts.)
 */
let h: Harness;
let firmware: OtaImage;
let image: Buffer;
let sha256: string;

beforeAll(async () => {
  h = await startHarness({ redisDb: 21 });
  firmware = await createOtaImage(h, { type: "FIRMWARE", title: "thermo", version: "2.1.0", size: 70_000 + 123 });
  ({ bytes: image, sha256 } = firmware);
});
afterAll(async () => h?.close());

const deviceWithFirmware = () => deviceWithPackage(h, firmware);
const mqttUpdate = (token: string, chunkSize: number) => mqttUpdateOf(h, "FIRMWARE", token, chunkSize);
const statusOf = (deviceId: string) => otaStatusOf(h, deviceId, "FIRMWARE");

describe("MQTT v2/fw", () => {
  it("downloads in 4 KiB chunks, verifies the checksum, and its reported states are tracked", async () => {
    const { deviceId, token } = await deviceWithFirmware();
    const { received, shared, requests } = await mqttUpdate(token, 4096);
    expect(shared).toMatchObject({
      fw_title: "thermo",
      fw_version: "2.1.0",
      fw_size: image.length,
      fw_checksum: sha256,
    });
    expect(requests).toBe(Math.ceil(image.length / 4096));
    expect(received.equals(image)).toBe(true);
    const status = await statusOf(deviceId);
    expect(status).toMatchObject({ state: "UPDATED", currentTitle: "thermo", currentVersion: "2.1.0", error: null });
  });

  it("downloads the whole file with an empty payload", async () => {
    const { token } = await deviceWithFirmware();
    const { received, requests } = await mqttUpdate(token, 0);
    expect(requests).toBe(1);
    expect(received.equals(image)).toBe(true);
  });

  it("answers past the end with an empty chunk, and keeps a request id's chunk size when the payload is empty", async () => {
    const { token } = await deviceWithFirmware();
    const client = await connectMqtt(h.ingest.ports.mqtt, { username: token, protocolVersion: 4 });
    await client.subscribeAsync("v2/fw/response/+/chunk/+", { qos: 0 });
    const first = nextBytes(client, /chunk\/0$/);
    await client.publishAsync("v2/fw/request/5/chunk/0", "1000", { qos: 1 });
    expect((await first).payload.equals(image.subarray(0, 1000))).toBe(true);
    const second = nextBytes(client, /chunk\/3$/);
    await client.publishAsync("v2/fw/request/5/chunk/3", "", { qos: 1 });
    expect((await second).payload.equals(image.subarray(3000, 4000))).toBe(true);
    const past = nextBytes(client, /chunk\/999$/);
    await client.publishAsync("v2/fw/request/5/chunk/999", "1000", { qos: 1 });
    expect((await past).payload.length).toBe(0);
    await client.endAsync();
  });

  it("tells a device without a package on v2/fw/error and closes, as ThingsBoard does", async () => {
    const { accessToken } = await newDevice(h);
    const client = await connectMqtt(h.ingest.ports.mqtt, { username: accessToken, protocolVersion: 4 });
    await client.subscribeAsync("v2/fw/error", { qos: 0 });
    const error = nextBytes(client, /^v2\/fw\/error$/);
    const gone = closed(client);
    client.publish("v2/fw/request/1/chunk/0", "4096", { qos: 1 });
    expect((await error).payload.toString()).toBe("NOT_FOUND");
    await gone;
  });

  it("refuses a chunk size over the payload limit with PAYLOAD_TOO_LARGE", async () => {
    const { token } = await deviceWithFirmware();
    const client = await connectMqtt(h.ingest.ports.mqtt, { username: token, protocolVersion: 4 });
    await client.subscribeAsync("v2/fw/error", { qos: 0 });
    const error = nextBytes(client, /^v2\/fw\/error$/);
    client.publish("v2/fw/request/1/chunk/0", String(h.config.INGEST_MAX_PAYLOAD_BYTES + 1), { qos: 1 });
    expect((await error).payload.toString()).toBe("PAYLOAD_TOO_LARGE");
    await closed(client);
  });
});

describe("HTTP /api/v1/{token}/firmware", () => {
  const get = (token: string, query: string) =>
    fetch(`http://127.0.0.1:${h.ingest.ports.http}/api/v1/${token}/firmware?${query}`);

  it("downloads chunk by chunk with title and version, verified by the checksum", async () => {
    const { token } = await deviceWithFirmware();
    const parts: Buffer[] = [];
    for (let chunk = 0; ; chunk++) {
      const response = await get(token, `title=thermo&version=2.1.0&size=16384&chunk=${chunk}`);
      expect(response.status).toBe(200);
      const bytes = Buffer.from(await response.arrayBuffer());
      parts.push(bytes);
      if (bytes.length < 16384) break;
    }
    expect(createHash("sha256").update(Buffer.concat(parts)).digest("hex")).toBe(sha256);
    const whole = await get(token, "title=thermo&version=2.1.0");
    expect(whole.headers.get("content-disposition")).toContain("thermo-2.1.0.bin");
    expect(Buffer.from(await whole.arrayBuffer()).equals(image)).toBe(true);
  });

  it("answers 400 for another version or no title, 404 without a package, 401 for a bad token", async () => {
    const { token } = await deviceWithFirmware();
    expect((await get(token, "title=thermo&version=1.0")).status).toBe(400);
    expect((await get(token, "version=2.1.0")).status).toBe(400);
    const { accessToken } = await newDevice(h);
    expect((await get(accessToken, "title=thermo&version=2.1.0")).status).toBe(404);
    expect((await get("no-such-token", "title=thermo&version=2.1.0")).status).toBe(401);
  });
});

describe("CoAP", () => {
  const coapGet = (path: string, query: string) => coapGetOf(h, path, query);

  it("downloads chunks from ThingsBoard's /fw/{token} and the whole file (Block2) from /api/v1/{token}/firmware", async () => {
    const { token } = await deviceWithFirmware();
    const parts: Buffer[] = [];
    for (let chunk = 0; ; chunk++) {
      const { code, payload } = await coapGet(`/fw/${token}`, `title=thermo&version=2.1.0&size=1024&chunk=${chunk}`);
      expect(code).toBe("2.05");
      parts.push(payload);
      if (payload.length < 1024) break;
    }
    expect(createHash("sha256").update(Buffer.concat(parts)).digest("hex")).toBe(sha256);
    const whole = await coapGet(`/api/v1/${token}/firmware`, "title=thermo&version=2.1.0");
    expect(whole.code).toBe("2.05");
    expect(whole.payload.equals(image)).toBe(true);
    expect((await coapGet(`/fw/${token}`, "title=thermo&version=9")).code).toBe("4.00");
  });
});

describe("reported states", () => {
  it("are kept in the order sent, even when a burst of them commits together", async () => {
    const { deviceId, token } = await deviceWithFirmware();
    const client = await connectMqtt(h.ingest.ports.mqtt, { username: token, protocolVersion: 4 });
    for (let round = 0; round < 5; round++) {
      for (const state of ["DOWNLOADED", "VERIFIED", "UPDATING", "UPDATED"])
        client.publish("v1/devices/me/telemetry", JSON.stringify({ fw_state: `${state}` }), { qos: 0 });
      await waitFor(async () => (await statusOf(deviceId))?.state === "UPDATED");
      await report(client, { fw_state: "DOWNLOADING" });
    }
    await client.endAsync();
  });

  it("keep the last error of a FAILED update until the next state", async () => {
    const { deviceId, token } = await deviceWithFirmware();
    const client = await connectMqtt(h.ingest.ports.mqtt, { username: token, protocolVersion: 4 });
    await report(client, { fw_state: "FAILED", fw_error: "flash write failed" });
    expect(await statusOf(deviceId)).toMatchObject({ state: "FAILED", error: "flash write failed" });
    await report(client, { fw_state: "DOWNLOADING" });
    await waitFor(async () => (await statusOf(deviceId))?.error === null);
    await client.endAsync();
  });
});
