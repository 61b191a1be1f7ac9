import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "@industryos/devstack";
import { invalidateDeviceCredentials, readLwm2mRegistration } from "@industryos/device-bus";
import { newDevice, startHarness, type Harness } from "../harness.ts";
import { fakeLwm2mClient } from "./fake-client.ts";

let h: Harness;
let port: number;

beforeAll(async () => {
  h = await startHarness({ redisDb: 24, overrides: { LWM2M_PORT: await freePort() } });
  port = h.ingest.ports.lwm2m!;
});
afterAll(async () => {
  await h?.close();
});

/** A device whose credential is the LwM2M endpoint name `endpoint`. */
async function lwm2mDevice(endpoint: string) {
  const { device } = await newDevice(h);
  await h.db.system.deviceCredential.updateMany({
    where: { deviceId: device.id },
    data: { type: "LWM2M", credentialsId: endpoint },
  });
  return device;
}

async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("LwM2M registration interface", () => {
  it("registers an endpoint of a device, keeps the registration in Redis and marks the device connected", async () => {
    const device = await lwm2mDevice("ep-register");
    const client = await fakeLwm2mClient(port);
    try {
      const answer = await client.register(
        "ep=ep-register&lt=300&lwm2m=1.1&b=U",
        '</>;rt="oma.lwm2m",</1/0>,</3/0>,</3303/0>;ver=1.1',
      );
      expect(answer.code).toBe("2.01");
      expect(answer.locationPath).toEqual(["rd", expect.stringMatching(/^[0-9a-f]{16}$/)]);

      const registration = await readLwm2mRegistration(h.redis, device.id);
      expect(registration).toMatchObject({
        endpoint: "ep-register",
        registrationId: answer.locationPath[1],
        lifetime: 300,
        binding: "U",
        lwm2mVersion: "1.1",
        port: client.port,
        objects: [
          { path: "/1/0", objectId: 1, instanceId: 0, name: "LwM2M Server" },
          { path: "/3/0", objectId: 3, instanceId: 0, name: "Device" },
          { path: "/3303/0", objectId: 3303, instanceId: 0, version: "1.1", name: "Temperature" },
        ],
      });
      expect(await h.redis.pttl(`lwm2m:registration:${device.id}`)).toBeGreaterThan(290_000);
      const connected = await eventually(
        () => h.db.system.device.findUniqueOrThrow({ where: { id: device.id } }),
        (d) => d.lastConnectAt !== null,
      );
      expect(connected.lastConnectAt).not.toBeNull();
    } finally {
      await client.close();
    }
  });

  it("updates a registration's lifetime and objects, and deregisters it (the device disconnected)", async () => {
    const device = await lwm2mDevice("ep-update");
    const client = await fakeLwm2mClient(port);
    try {
      const { locationPath } = await client.register("ep=ep-update&lt=60", "</3/0>");
      const location = locationPath.join("/");
      const before = (await readLwm2mRegistration(h.redis, device.id))!;
      await new Promise((resolve) => setTimeout(resolve, 10));

      expect((await client.update(location, "lt=120", "</3/0>,</3303/0>")).code).toBe("2.04");
      const updated = (await readLwm2mRegistration(h.redis, device.id))!;
      expect(updated.lifetime).toBe(120);
      expect(updated.objects.map((o) => o.path)).toEqual(["/3/0", "/3303/0"]);
      expect(Date.parse(updated.lastUpdateAt)).toBeGreaterThan(Date.parse(before.lastUpdateAt));
      expect(updated.registeredAt).toBe(before.registeredAt);

      expect((await client.deregister(location)).code).toBe("2.02");
      expect(await readLwm2mRegistration(h.redis, device.id)).toBeNull();
      // A deregistered client that updates is told to register again.
      expect((await client.update(location)).code).toBe("4.04");
      const disconnected = await eventually(
        () => h.db.system.device.findUniqueOrThrow({ where: { id: device.id } }),
        (d) => d.lastDisconnectAt !== null,
      );
      expect(disconnected.lastDisconnectAt).not.toBeNull();
    } finally {
      await client.close();
    }
  });

  it("ends a registration its client does not update within the lifetime", async () => {
    const device = await lwm2mDevice("ep-expire");
    const client = await fakeLwm2mClient(port);
    try {
      expect((await client.register("ep=ep-expire&lt=1")).code).toBe("2.01");
      expect(await readLwm2mRegistration(h.redis, device.id)).not.toBeNull();
      // Lifetime 1 s plus 1 s of grace.
      const gone = await eventually(
        () => readLwm2mRegistration(h.redis, device.id),
        (r) => r === null,
        6_000,
      );
      expect(gone).toBeNull();
    } finally {
      await client.close();
    }
  });

  it("ends a registration when the device's credentials change, so the client must register again", async () => {
    const device = await lwm2mDevice("ep-revoked");
    const client = await fakeLwm2mClient(port);
    try {
      const { locationPath } = await client.register("ep=ep-revoked&lt=300");
      expect(await readLwm2mRegistration(h.redis, device.id)).not.toBeNull();
      // What the API does after replacing a device's credentials.
      await invalidateDeviceCredentials(h.redis, device.id);
      const gone = await eventually(
        () => readLwm2mRegistration(h.redis, device.id),
        (r) => r === null,
      );
      expect(gone).toBeNull();
      expect((await client.update(locationPath.join("/"))).code).toBe("4.04");
    } finally {
      await client.close();
    }
  });

  it("refuses unknown endpoints (4.03) and malformed registrations (4.00) without registering anything", async () => {
    const { device } = await newDevice(h); // an ACCESS_TOKEN device: its token is no endpoint name
    const token = (await h.db.system.deviceCredential.findFirstOrThrow({ where: { deviceId: device.id } }))
      .credentialsId;
    const client = await fakeLwm2mClient(port);
    try {
      expect((await client.register("ep=nobody-has-this-endpoint&lt=60")).code).toBe("4.03");
      expect((await client.register(`ep=${token}&lt=60`)).code).toBe("4.03");
      expect((await client.register("lt=60")).code).toBe("4.00");
      expect((await client.register("ep=ep-register&lt=soon")).code).toBe("4.00");
      expect((await client.register("ep=ep-register&lt=60", "no links here")).code).toBe("4.00");
      expect(await readLwm2mRegistration(h.redis, device.id)).toBeNull();
    } finally {
      await client.close();
    }
  });

  // Last in this file: it leaves 127.0.0.1 refused for a minute.
  it("refuses an address that named too many unknown endpoints (4.29), even for a known endpoint", async () => {
    await lwm2mDevice("ep-after-guessing");
    const client = await fakeLwm2mClient(port);
    try {
      const codes: string[] = [];
      for (let i = 0; i < h.config.INGEST_AUTH_FAILURES_PER_MINUTE; i++)
        codes.push((await client.register(`ep=guess-${i}&lt=60`)).code);
      // Two unknown endpoints were tried by the test before.
      expect(new Set(codes)).toEqual(new Set(["4.03", "4.29"]));
      expect((await client.register("ep=ep-after-guessing&lt=60")).code).toBe("4.29");
    } finally {
      await client.close();
    }
  });
});
