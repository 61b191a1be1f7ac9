import {
  DEVICE_PROFILES_CHANGED_CHANNEL,
  partitionOf,
  readRuleEngineEntry,
  ruleEngineStream,
} from "@industryos/device-protocol";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiHarness, type ApiHarness } from "../src/testing/api-harness.ts";

/** What the API tells the rule engine besides telemetry: attribute changes and device-profile changes. */
let h: ApiHarness;
let cookie: string;
beforeAll(async () => {
  h = await startApiHarness();
  ({ cookie } = await h.signup("events"));
});
afterAll(async () => h?.close());

type Event = {
  type: string;
  msgType?: string;
  originatorId?: string;
  metadata?: Record<string, string>;
  data?: string;
};

async function eventsOf(originatorId: string): Promise<Event[]> {
  const out: Event[] = [];
  for (const [, fields] of await h.deps.redis.xrange(ruleEngineStream(partitionOf(originatorId)), "-", "+"))
    for (const message of readRuleEngineEntry(fields) as Event[])
      if (message.originatorId === originatorId) out.push(message);
  return out;
}

describe("events for the rule engine", () => {
  it("puts ATTRIBUTES_UPDATED with the saved values on the originator's partition", async () => {
    const device = await h.call<{ id: string }>("POST", "/api/v1/devices", { cookie, body: { name: "Chiller" } });
    await h.call("POST", `/api/v1/devices/${device.body.id}/attributes/SERVER`, {
      cookie,
      body: { maxTemperature: 60 },
    });
    await expect
      .poll(async () => (await eventsOf(device.body.id)).filter((e) => e.type === "ATTRIBUTES_UPDATED"))
      .toMatchObject([{ metadata: { scope: "SERVER_SCOPE" }, data: { maxTemperature: 60 } }]);
  });

  it("announces a device profile's change so workers reload its alarm rules", async () => {
    const profile = await h.call<{ id: string }>("POST", "/api/v1/device-profiles", {
      cookie,
      body: { name: "Chillers" },
    });
    const listener = new Redis(process.env.REDIS_URL!);
    const heard: string[] = [];
    try {
      listener.on("message", (_channel: string, message: string) => heard.push(message));
      await listener.subscribe(DEVICE_PROFILES_CHANGED_CHANNEL);
      await h.call("PATCH", `/api/v1/device-profiles/${profile.body.id}`, { cookie, body: { description: "Hall B" } });
      await expect.poll(() => heard.map((m) => JSON.parse(m).deviceProfileId)).toContain(profile.body.id);
    } finally {
      listener.disconnect();
    }
  });
});
