import { createHash, randomBytes } from "node:crypto";
import { crc32 } from "node:zlib";
import { deviceDownlinkChannel } from "@industryos/device-protocol";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiHarness, TEST_ORIGIN, type ApiHarness } from "../src/testing/api-harness.ts";

/** OTA packages over REST: streamed multipart upload with checksums, download, assignment and its shared attributes. */
const MAX_BYTES = 512 * 1024;
let h: ApiHarness;
let key: string;
let otherKey: string;

interface PackageBody {
  id: string;
  title: string;
  version: string;
  type: string;
  size: number;
  checksum: string;
  checksumAlgorithm: string;
}

async function upload(fields: Record<string, string>, file?: Buffer, apiKey = key) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (file) form.append("file", new Blob([file], { type: "application/octet-stream" }), "image.bin");
  const response = await h.api.rest(
    new Request(new URL("/api/v1/ota-packages", TEST_ORIGIN), {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}` },
      body: form,
    }),
  );
  return { status: response.status, body: (await response.json()) as PackageBody & { error: { message: string } } };
}

async function download(id: string, apiKey = key) {
  const response = await h.api.rest(
    new Request(new URL(`/api/v1/ota-packages/${id}/download`, TEST_ORIGIN), {
      headers: { authorization: `Bearer ${apiKey}` },
    }),
  );
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

const largeObjects = async () =>
  Number(
    (await h.deps.db.systemPool.query<{ n: string }>("SELECT count(*) AS n FROM pg_largeobject_metadata")).rows[0]!.n,
  );

const sharedAttributes = async (deviceId: string) => {
  const r = await h.call<{ key: string; value: unknown }[]>(
    "GET",
    `/api/v1/devices/${deviceId}/attributes?scope=SHARED`,
    {
      apiKey: key,
    },
  );
  return Object.fromEntries(r.body.map((a) => [a.key, a.value]));
};

beforeAll(async () => {
  h = await startApiHarness({ ota: { maxPackageBytes: MAX_BYTES } });
  const a = await h.signup("ota-a");
  const b = await h.signup("ota-b");
  key = (await h.call<{ key: string }>("POST", "/api/v1/api-keys", { cookie: a.cookie, body: { name: "k" } })).body.key;
  otherKey = (await h.call<{ key: string }>("POST", "/api/v1/api-keys", { cookie: b.cookie, body: { name: "k" } })).body
    .key;
});
afterAll(async () => h?.close());

describe("upload", () => {
  it("streams the binary in, computes SHA-256 by default, and gives the same bytes back", async () => {
    const image = randomBytes(300_000);
    const created = await upload({ title: "boiler-fw", version: "1.0.0", type: "FIRMWARE", tag: "stable" }, image);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      title: "boiler-fw",
      version: "1.0.0",
      type: "FIRMWARE",
      size: image.length,
      checksumAlgorithm: "SHA256",
      checksum: createHash("sha256").update(image).digest("hex"),
    });
    const got = await h.call<PackageBody>("GET", `/api/v1/ota-packages/${created.body.id}`, { apiKey: key });
    expect(got.body).toMatchObject({ id: created.body.id, size: image.length, tag: "stable", hasBinary: true });
    const listed = await h.call<{ data: PackageBody[] }>("GET", "/api/v1/ota-packages?type=FIRMWARE", { apiKey: key });
    expect(listed.body.data.map((p) => p.id)).toContain(created.body.id);
    const fetched = await download(created.body.id);
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get("content-disposition")).toContain("image.bin");
    expect(fetched.bytes.equals(image)).toBe(true);
  });

  it.each([
    ["SHA384", (b: Buffer) => createHash("sha384").update(b).digest("hex")],
    ["SHA512", (b: Buffer) => createHash("sha512").update(b).digest("hex")],
    ["MD5", (b: Buffer) => createHash("md5").update(b).digest("hex")],
    ["CRC32", (b: Buffer) => crc32(b).toString(16).padStart(8, "0")],
  ])("computes %s when asked", async (algorithm, expected) => {
    const image = randomBytes(70_000);
    const created = await upload(
      { title: `algo-${algorithm}`, version: "1", type: "SOFTWARE", checksumAlgorithm: algorithm },
      image,
    );
    expect(created.status).toBe(201);
    expect(created.body.checksum).toBe(expected(image));
  });

  it("refuses a binary over OTA_MAX_PACKAGE_BYTES with 413 and keeps nothing", async () => {
    const before = await largeObjects();
    const refused = await upload({ title: "too-big", version: "1", type: "FIRMWARE" }, randomBytes(MAX_BYTES + 1));
    expect(refused.status).toBe(413);
    expect(await largeObjects()).toBe(before);
    const listed = await h.call<{ data: PackageBody[] }>("GET", "/api/v1/ota-packages?search=too-big", { apiKey: key });
    expect(listed.body.data).toEqual([]);
  });

  it("answers clear errors: same title and version 409, missing fields 422, no file 422, JSON 400", async () => {
    await upload({ title: "dup", version: "1", type: "FIRMWARE" }, randomBytes(10));
    expect((await upload({ title: "dup", version: "1", type: "FIRMWARE" }, randomBytes(10))).status).toBe(409);
    const missing = await upload({ version: "1", type: "FIRMWARE" }, randomBytes(10));
    expect(missing.status).toBe(422);
    expect(missing.body.error.message).toMatch(/title/);
    expect((await upload({ title: "nofile", version: "1", type: "FIRMWARE" })).status).toBe(422);
    const json = await h.call("POST", "/api/v1/ota-packages", {
      apiKey: key,
      body: { title: "x", version: "1", type: "FIRMWARE" },
    });
    expect(json.status).toBe(400);
  });
});

describe("assignment", () => {
  let fw1: PackageBody;
  let fw2: PackageBody;
  let deviceId: string;
  let otherDeviceId: string;
  let profileId: string;

  beforeAll(async () => {
    profileId = (
      await h.call<{ id: string }>("POST", "/api/v1/device-profiles", { apiKey: key, body: { name: "Boilers" } })
    ).body.id;
    fw1 = (await upload({ title: "pump-fw", version: "1.1", type: "FIRMWARE" }, randomBytes(5000))).body;
    fw2 = (
      await upload(
        { title: "pump-fw", version: "2.0", type: "FIRMWARE", deviceProfileId: profileId },
        randomBytes(6000),
      )
    ).body;
    deviceId = (
      await h.call<{ id: string }>("POST", "/api/v1/devices", { apiKey: key, body: { name: "Pump 1", profileId } })
    ).body.id;
    otherDeviceId = (
      await h.call<{ id: string }>("POST", "/api/v1/devices", { apiKey: key, body: { name: "Pump 2", profileId } })
    ).body.id;
  });

  it("sets the device's fw_* shared attributes, pushes them, and reports the target as QUEUED", async () => {
    const subscriber = new Redis(process.env.REDIS_URL!);
    const pushed: unknown[] = [];
    await subscriber.subscribe(deviceDownlinkChannel(deviceId));
    subscriber.on("message", (_channel, message) => pushed.push(JSON.parse(message)));
    const patched = await h.call<{ firmwareId: string }>("PATCH", `/api/v1/devices/${deviceId}`, {
      apiKey: key,
      body: { firmwareId: fw1.id },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.firmwareId).toBe(fw1.id);
    expect(await sharedAttributes(deviceId)).toEqual({
      fw_title: "pump-fw",
      fw_version: "1.1",
      fw_size: 5000,
      fw_checksum: fw1.checksum,
      fw_checksum_algorithm: "SHA256",
    });
    // Two pushes, as ThingsBoard's attribute update carries either deletions or values.
    await expect.poll(() => pushed.length).toBe(2);
    expect(pushed[0]).toMatchObject({ type: "SHARED_ATTRIBUTES", deviceId, deleted: ["fw_url"] });
    expect(pushed[1]).toMatchObject({ type: "SHARED_ATTRIBUTES", deviceId });
    expect((pushed[1] as { updated: { key: string }[] }).updated.map((u) => u.key)).toEqual([
      "fw_title",
      "fw_version",
      "fw_size",
      "fw_checksum",
      "fw_checksum_algorithm",
    ]);
    await subscriber.quit();
    const ota = await h.call<{ firmware: Record<string, unknown> }>("GET", `/api/v1/devices/${deviceId}/ota`, {
      apiKey: key,
    });
    expect(ota.body.firmware).toMatchObject({
      target: { id: fw1.id, version: "1.1", assignedTo: "DEVICE" },
      state: "QUEUED",
      current: { title: null, version: null },
    });
  });

  it("gives the profile's package to devices without one of their own; the device's assignment wins", async () => {
    const patched = await h.call("PATCH", `/api/v1/device-profiles/${profileId}`, {
      apiKey: key,
      body: { firmwareId: fw2.id },
    });
    expect(patched.status).toBe(200);
    expect((await sharedAttributes(otherDeviceId)).fw_version).toBe("2.0");
    expect((await sharedAttributes(deviceId)).fw_version).toBe("1.1");
    const ota = await h.call<{ firmware: { target: { assignedTo: string } } }>(
      "GET",
      `/api/v1/devices/${otherDeviceId}/ota`,
      { apiKey: key },
    );
    expect(ota.body.firmware.target.assignedTo).toBe("PROFILE");
    // Unassigning the device's own package falls back to the profile's.
    await h.call("PATCH", `/api/v1/devices/${deviceId}`, { apiKey: key, body: { firmwareId: null } });
    expect((await sharedAttributes(deviceId)).fw_version).toBe("2.0");
  });

  it("refuses a package of the wrong type or meant for another profile (422)", async () => {
    const software = (await upload({ title: "sw", version: "1", type: "SOFTWARE" }, randomBytes(10))).body;
    const wrongType = await h.call("PATCH", `/api/v1/devices/${deviceId}`, {
      apiKey: key,
      body: { firmwareId: software.id },
    });
    expect(wrongType.status).toBe(422);
    const otherProfile = (
      await h.call<{ id: string }>("POST", "/api/v1/device-profiles", { apiKey: key, body: { name: "Fans" } })
    ).body.id;
    const fan = (
      await h.call<{ id: string }>("POST", "/api/v1/devices", {
        apiKey: key,
        body: { name: "Fan", profileId: otherProfile },
      })
    ).body.id;
    const wrongProfile = await h.call("PATCH", `/api/v1/devices/${fan}`, { apiKey: key, body: { firmwareId: fw2.id } });
    expect(wrongProfile.status).toBe(422);
  });

  it("refuses to delete an assigned package (409), deletes it and its binary once unassigned", async () => {
    expect((await h.call("DELETE", `/api/v1/ota-packages/${fw2.id}`, { apiKey: key })).status).toBe(409);
    await h.call("PATCH", `/api/v1/device-profiles/${profileId}`, { apiKey: key, body: { firmwareId: null } });
    expect(await sharedAttributes(otherDeviceId)).toEqual({});
    const before = await largeObjects();
    expect((await h.call("DELETE", `/api/v1/ota-packages/${fw2.id}`, { apiKey: key })).status).toBe(204);
    expect(await largeObjects()).toBe(before - 1);
    expect((await download(fw2.id)).status).toBe(404);
  });

  it("keeps another tenant out: its package is 404, its binary cannot be downloaded, it cannot be assigned", async () => {
    expect((await h.call("GET", `/api/v1/ota-packages/${fw1.id}`, { apiKey: otherKey })).status).toBe(404);
    const stolen = await download(fw1.id, otherKey);
    expect(stolen.status).toBe(404);
    expect(stolen.bytes.length).toBeLessThan(200);
    const ownDevice = (
      await h.call<{ id: string }>("POST", "/api/v1/devices", { apiKey: otherKey, body: { name: "B" } })
    ).body.id;
    const assigned = await h.call("PATCH", `/api/v1/devices/${ownDevice}`, {
      apiKey: otherKey,
      body: { firmwareId: fw1.id },
    });
    expect(assigned.status).toBe(422);
  });

  it("answers 400 for the upload over tRPC, which cannot carry a file", async () => {
    const r = await h.call<{ error: { message: string } }>("POST", "/api/trpc/otaPackages.upload", {
      apiKey: key,
      body: { body: { title: "t", version: "1", type: "FIRMWARE" } },
    });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain("multipart/form-data");
  });
});
