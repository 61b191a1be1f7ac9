import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevice, createDeviceProfile } from "@industryos/db/testing";
import { closed, connectMqtt, startHarness, type Harness } from "./harness.ts";
import {
  coapGet,
  createOtaImage,
  deviceWithPackage,
  mqttUpdate,
  nextBytes,
  otaStatusOf,
  type OtaImage,
} from "./ota-device.ts";

/**
 * ThingsBoard's software OTA (issue 22): the same protocol as firmware under `sw_*` attributes, `v2/sw` topics,
 * `/api/v1/{token}/software` and CoAP `/sw/{token}`, tracked apart from the device's firmware.
 */
let h: Harness;
let software: OtaImage;
let firmware: OtaImage;

beforeAll(async () => {
  h = await startHarness({ redisDb: 19 });
  [software, firmware] = await Promise.all([
    createOtaImage(h, { type: "SOFTWARE", title: "edge-agent", version: "3.4.1", size: 50_000 + 7 }),
    createOtaImage(h, { type: "FIRMWARE", title: "thermo", version: "2.1.0", size: 10_000 }),
  ]);
});
afterAll(async () => h?.close());

const sha256Of = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

describe("MQTT v2/sw", () => {
  it("downloads in 4 KiB chunks, verifies the checksum, and sw_state is tracked apart from firmware", async () => {
    const { deviceId, token } = await deviceWithPackage(h, software);
    const { received, shared, requests } = await mqttUpdate(h, "SOFTWARE", token, 4096);
    expect(shared).toMatchObject({
      sw_title: "edge-agent",
      sw_version: "3.4.1",
      sw_size: software.bytes.length,
      sw_checksum: software.sha256,
      sw_checksum_algorithm: "SHA256",
    });
    expect(requests).toBe(Math.ceil(software.bytes.length / 4096));
    expect(received.equals(software.bytes)).toBe(true);
    expect(await otaStatusOf(h, deviceId, "SOFTWARE")).toMatchObject({
      state: "UPDATED",
      currentTitle: "edge-agent",
      currentVersion: "3.4.1",
      error: null,
    });
    expect(await otaStatusOf(h, deviceId, "FIRMWARE")).toBeNull();
  });

  it("downloads the whole file with an empty payload", async () => {
    const { token } = await deviceWithPackage(h, software);
    const { received, requests } = await mqttUpdate(h, "SOFTWARE", token, 0);
    expect(requests).toBe(1);
    expect(received.equals(software.bytes)).toBe(true);
  });

  it("serves a device's firmware and software on their own topics, each its own bytes", async () => {
    const { token } = await deviceWithPackage(h, software);
    const fw = await deviceWithPackage(h, firmware);
    // The software device has no firmware: v2/fw is NOT_FOUND for it even though v2/sw answers.
    const client = await connectMqtt(h.ingest.ports.mqtt, { username: token, protocolVersion: 4 });
    await client.subscribeAsync(["v2/sw/response/+/chunk/+", "v2/fw/error"], { qos: 0 });
    const chunk = nextBytes(client, /^v2\/sw\/response\/7\/chunk\/1$/);
    await client.publishAsync("v2/sw/request/7/chunk/1", "1000", { qos: 1 });
    expect((await chunk).payload.equals(software.bytes.subarray(1000, 2000))).toBe(true);
    const error = nextBytes(client, /^v2\/fw\/error$/);
    const gone = closed(client);
    client.publish("v2/fw/request/1/chunk/0", "1000", { qos: 1 });
    expect((await error).payload.toString()).toBe("NOT_FOUND");
    await gone;
    // And the firmware device gets no software.
    const other = await connectMqtt(h.ingest.ports.mqtt, { username: fw.token, protocolVersion: 4 });
    await other.subscribeAsync("v2/sw/error", { qos: 0 });
    const swError = nextBytes(other, /^v2\/sw\/error$/);
    const otherGone = closed(other);
    other.publish("v2/sw/request/1/chunk/0", "1000", { qos: 1 });
    expect((await swError).payload.toString()).toBe("NOT_FOUND");
    await otherGone;
  });
});

describe("HTTP /api/v1/{token}/software", () => {
  const get = (token: string, query: string) =>
    fetch(`http://127.0.0.1:${h.ingest.ports.http}/api/v1/${token}/software?${query}`);

  it("downloads chunk by chunk with title and version, verified by the checksum, and the whole file named", async () => {
    const { token } = await deviceWithPackage(h, software);
    const parts: Buffer[] = [];
    for (let chunk = 0; ; chunk++) {
      const response = await get(token, `title=edge-agent&version=3.4.1&size=16384&chunk=${chunk}`);
      expect(response.status).toBe(200);
      const bytes = Buffer.from(await response.arrayBuffer());
      parts.push(bytes);
      if (bytes.length < 16384) break;
    }
    expect(parts.length).toBe(Math.ceil(software.bytes.length / 16384));
    expect(sha256Of(Buffer.concat(parts))).toBe(software.sha256);
    const whole = await get(token, "title=edge-agent&version=3.4.1");
    expect(whole.headers.get("content-disposition")).toContain(software.fileName);
    expect(Buffer.from(await whole.arrayBuffer()).equals(software.bytes)).toBe(true);
  });

  it("answers 400 for another version, 404 for a device with only firmware, 401 for a bad token", async () => {
    const { token } = await deviceWithPackage(h, software);
    expect((await get(token, "title=edge-agent&version=1.0")).status).toBe(400);
    // The firmware's title and version on the software path: that device has no software.
    const fw = await deviceWithPackage(h, firmware);
    expect((await get(fw.token, "title=thermo&version=2.1.0")).status).toBe(404);
    expect((await get("no-such-token", "title=edge-agent&version=3.4.1")).status).toBe(401);
  });

  it("serves the profile's software to a device without its own, and the device's own over the profile's", async () => {
    // A profile of its own: the tenant's default profile is every other test's devices'.
    const profile = await createDeviceProfile(h.db.system, { tenantId: h.tenantId, softwareId: software.packageId });
    const { accessToken } = await createDevice(h.db.system, { tenantId: h.tenantId, deviceProfileId: profile.id });
    const response = await get(accessToken, "title=edge-agent&version=3.4.1");
    expect(response.status).toBe(200);
    expect(sha256Of(Buffer.from(await response.arrayBuffer()))).toBe(software.sha256);
    const own = await createOtaImage(h, { type: "SOFTWARE", title: "edge-agent", version: "3.5.0", size: 3_000 });
    const mine = await createDevice(h.db.system, {
      tenantId: h.tenantId,
      deviceProfileId: profile.id,
      softwareId: own.packageId,
    });
    expect((await get(mine.accessToken, "title=edge-agent&version=3.4.1")).status).toBe(400);
    const ownBytes = await get(mine.accessToken, "title=edge-agent&version=3.5.0");
    expect(Buffer.from(await ownBytes.arrayBuffer()).equals(own.bytes)).toBe(true);
  });
});

describe("CoAP", () => {
  it("downloads chunks from ThingsBoard's /sw/{token} and the whole file (Block2) from /api/v1/{token}/software", async () => {
    const { token } = await deviceWithPackage(h, software);
    const parts: Buffer[] = [];
    for (let chunk = 0; ; chunk++) {
      const { code, payload } = await coapGet(
        h,
        `/sw/${token}`,
        `title=edge-agent&version=3.4.1&size=1024&chunk=${chunk}`,
      );
      expect(code).toBe("2.05");
      parts.push(payload);
      if (payload.length < 1024) break;
    }
    expect(sha256Of(Buffer.concat(parts))).toBe(software.sha256);
    const whole = await coapGet(h, `/api/v1/${token}/software`, "title=edge-agent&version=3.4.1");
    expect(whole.code).toBe("2.05");
    expect(whole.payload.equals(software.bytes)).toBe(true);
    expect((await coapGet(h, `/sw/${token}`, "title=edge-agent&version=9")).code).toBe("4.00");
    // A firmware-only device: its token finds no software.
    const fw = await deviceWithPackage(h, firmware);
    expect((await coapGet(h, `/sw/${fw.token}`, "title=thermo&version=2.1.0")).code).toBe("4.04");
  });
});
