import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { hashSecret, verifySecret } from "@industryos/db";
import { createLogger } from "@industryos/runtime";
import { Authenticator } from "../src/core/authenticator.ts";
import type { BasicCredentialRecord, DeviceDirectory } from "../src/core/ports.ts";
import type { DeviceCredentials } from "../src/core/session.ts";

// Never connected (lazyConnect): the authenticator then reads every credential from the
// directory, which is what this file looks at.
const redis = new Redis({ lazyConnect: true });
afterAll(() => redis.disconnect());

const session = {
  tenantId: "00000000-0000-4000-8000-000000000001",
  deviceId: "00000000-0000-4000-8000-000000000002",
  deviceName: "rtu",
  deviceType: "default",
  isGateway: false,
};

/** A directory holding one MQTT basic credential, counting the argon2 verifications it runs. */
function directoryWith(passwordHash: () => string) {
  const calls = { verify: 0 };
  const directory = {
    findBasicCredentials: async (ids: string[]): Promise<BasicCredentialRecord[]> => [
      { credentialsId: ids[0]!, passwordHash: passwordHash(), session },
    ],
    verifyPassword: async (hash: string | null, password: string) => {
      calls.verify++;
      return hash === null || verifySecret(hash, password);
    },
  } as unknown as DeviceDirectory;
  return { directory, calls };
}

const basic = (password: string): Extract<DeviceCredentials, { type: "MQTT_BASIC" }> => ({
  type: "MQTT_BASIC",
  clientId: "rtu-1",
  username: "station-4",
  password,
});

describe("MQTT basic passwords", () => {
  it("hashes a reconnecting device's password once, never remembers a wrong one, and checks a changed one again", async () => {
    let stored = await hashSecret("s3cret");
    const { directory, calls } = directoryWith(() => stored);
    const authenticator = new Authenticator({
      directory,
      redis,
      cacheSeconds: 300,
      failuresPerMinute: 1000,
      logger: createLogger("test", "silent"),
    });

    for (let i = 0; i < 3; i++)
      expect(await authenticator.authenticate(basic("s3cret"), "10.0.0.1")).toMatchObject({ ok: true, session });
    expect(calls.verify).toBe(1);

    for (let i = 0; i < 2; i++)
      expect(await authenticator.authenticate(basic("guess"), "10.0.0.1")).toMatchObject({ ok: false });
    expect(calls.verify).toBe(3);

    // The password changed (a new hash): the old one no longer passes, the new one is verified.
    stored = await hashSecret("n3w-secret");
    expect(await authenticator.authenticate(basic("s3cret"), "10.0.0.1")).toMatchObject({ ok: false });
    expect(await authenticator.authenticate(basic("n3w-secret"), "10.0.0.1")).toMatchObject({ ok: true });
    expect(calls.verify).toBe(5);
  });
});
