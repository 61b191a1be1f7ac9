import mqtt from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Redis } from "ioredis";
import type { DatabaseClients } from "@industryos/db";
import { deviceDownlinkChannel, partitionOf, ruleEngineEntry, ruleEngineStream } from "@industryos/device-protocol";
import { startIngestFromConfig } from "@industryos/ingest";
import { testIngestConfig } from "@industryos/ingest/testing";
import type { RuleChainDefinition } from "@industryos/rules";
import type { RunningRuleEngine } from "../src/rules/rule-engine.ts";
import {
  closeTestDatabase,
  engine,
  logger,
  pendingEntries,
  tenantWithChain,
  testDatabase,
  testDatabaseUrls,
  testRedis,
  waitFor,
} from "./support/rule-engine.ts";

// Redis database 47 is this file's.
const REDIS_DB = 47;
let db: DatabaseClients;
let redis: Redis;
let ruleEngine: RunningRuleEngine;
let ingest: Awaited<ReturnType<typeof startIngestFromConfig>>;

/** Device RPC requests answered with their params and the device's name (a chain a tenant would build). */
const ANSWER_RPC: RuleChainDefinition = {
  nodes: [
    { id: "rpc", type: "filter.messageType", config: { types: ["TO_SERVER_RPC_REQUEST"] } },
    {
      id: "reply",
      type: "action.rpcReply",
      config: { script: "return {method: msg.method, echo: msg.params, device: metadata.deviceName};" },
    },
  ],
  connections: [
    { from: "input", to: "rpc", relation: "Success" },
    { from: "rpc", to: "reply", relation: "True" },
  ],
};

beforeAll(async () => {
  db = await testDatabase();
  redis = await testRedis(REDIS_DB);
  ruleEngine = engine(db, redis);
  ingest = await startIngestFromConfig(
    testIngestConfig(`${process.env.REDIS_URL}/${REDIS_DB}`),
    testDatabaseUrls(),
    logger,
  );
});
afterAll(async () => {
  await ingest?.close();
  await ruleEngine?.stop();
  redis?.disconnect();
  await closeTestDatabase();
});

describe("device-to-server RPC answered by the rule engine", () => {
  it("answers an RPC request put on the stream in ingest's format on the device's downlink channel", async () => {
    const { tenantId, devices } = await tenantWithChain(db, ANSWER_RPC);
    const device = devices[0]!;
    const subscriber = redis.duplicate();
    await subscriber.subscribe(deviceDownlinkChannel(device.id));
    const downlink = new Promise<unknown>((resolve) =>
      subscriber.once("message", (_c, text: string) => resolve(JSON.parse(text))),
    );
    // What ingest's DeviceService.clientRpc appends.
    await redis.xadd(
      ruleEngineStream(partitionOf(device.id)),
      "*",
      ...ruleEngineEntry([
        JSON.stringify({
          type: "TO_SERVER_RPC_REQUEST",
          tenantId,
          deviceId: device.id,
          requestId: 42,
          method: "getTime",
          params: { zone: "UTC" },
        }),
      ]),
    );
    expect(await downlink).toEqual({
      type: "CLIENT_RPC_RESPONSE",
      deviceId: device.id,
      requestId: 42,
      body: { method: "getTime", echo: { zone: "UTC" }, device: device.name },
    });
    subscriber.disconnect();
    await waitFor(async () => (await pendingEntries(redis)) === 0);
  });

  it("answers v1/devices/me/rpc/request/{id} on v1/devices/me/rpc/response/{id} through the real ingest over MQTT", async () => {
    const { devices } = await tenantWithChain(db, ANSWER_RPC);
    const device = devices[0]!;
    const credential = await db.system.deviceCredential.findFirstOrThrow({ where: { deviceId: device.id } });
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${ingest.ports.mqtt}`, {
      username: credential.credentialsId,
      reconnectPeriod: 0,
    });
    try {
      await client.subscribeAsync("v1/devices/me/rpc/response/+", { qos: 1 });
      const answer = new Promise<{ topic: string; body: unknown }>((resolve) =>
        client.on("message", (topic, payload) => resolve({ topic, body: JSON.parse(payload.toString()) })),
      );
      await client.publishAsync(
        "v1/devices/me/rpc/request/7",
        JSON.stringify({ method: "getTime", params: { a: 1 } }),
        {
          qos: 1,
        },
      );
      expect(await answer).toEqual({
        topic: "v1/devices/me/rpc/response/7",
        body: { method: "getTime", echo: { a: 1 }, device: device.name },
      });
    } finally {
      await client.endAsync();
    }
  });

  it("answers POST /api/v1/{token}/rpc through the real ingest over HTTP", async () => {
    const { devices } = await tenantWithChain(db, ANSWER_RPC);
    const device = devices[0]!;
    const credential = await db.system.deviceCredential.findFirstOrThrow({ where: { deviceId: device.id } });
    const response = await fetch(`http://127.0.0.1:${ingest.ports.http}/api/v1/${credential.credentialsId}/rpc`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ method: "ping", params: [1, 2] }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ method: "ping", echo: [1, 2], device: device.name });
  });
});
