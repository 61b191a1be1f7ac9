// Edge mode end to end (docs/edge.md): a cloud (the platform API served over HTTP on its own database) and an
// edge (ingest and the workers' edge sync on a second database and Redis). A device created in the cloud
// comes down and publishes to the edge's MQTT broker; the link is cut while it keeps publishing, then
// restored; every point, an alarm raised at the edge and an attribute change arrive in the cloud once.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import mqtt, { type MqttClient } from "mqtt";
import type { Redis } from "ioredis";
import { alarmContext, raiseAlarm } from "@industryos/api";
import { startApiHarness, type ApiHarness } from "@industryos/api/testing";
import { createDatabaseClients, type DatabaseClients } from "@industryos/db";
import {
  createTelemetryStore,
  telemetryReaderFrom,
  type PlainPoint,
  type TelemetryReader,
} from "@industryos/db/telemetry";
import { createTestDatabase, type TestDatabase } from "@industryos/db/testing";
import { startIngestFromConfig } from "@industryos/ingest";
import { testIngestConfig } from "@industryos/ingest/testing";
import { createLogger } from "@industryos/runtime";
import { startEdgeSync, type EdgeSync } from "../src/edge/edge-sync.ts";
import { testRedis, waitFor } from "./support/rule-engine.ts";

// Redis database 52 is this file's (the edge's Redis); the cloud's API uses its own key prefix.
const REDIS_DB = 52;
const logger = createLogger("edge-test", process.env.TEST_LOG_LEVEL ?? "silent");

let cloud: ApiHarness;
let cloudServer: Server;
let cloudPort: number;
let edgeDatabase: TestDatabase;
let edgeDb: DatabaseClients;
let edgeRedis: Redis;
let ingest: Awaited<ReturnType<typeof startIngestFromConfig>>;
let sync: EdgeSync;
let device: MqttClient;
let admin: { cookie: string; tenantId: string };
let deviceId: string;
let edgeKey: string;
let edgeSecret: string;
const cloudApplied: unknown[] = [];
let accessToken: string;

async function bodyOf(request: IncomingMessage): Promise<Buffer | undefined> {
  if (request.method === "GET" || request.method === "HEAD") return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The cloud's REST API over HTTP, as the web server mounts it. */
function serveCloud(port = 0): Promise<Server> {
  const server = createServer((request, response) => {
    void (async () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers))
        if (typeof value === "string") headers.set(name, value);
      const answer = await cloud.api.rest(
        new Request(new URL(request.url ?? "/", "http://127.0.0.1"), {
          method: request.method,
          headers,
          body: await bodyOf(request),
        }),
        { ipAddress: "127.0.0.1" },
      );
      response.writeHead(answer.status, Object.fromEntries(answer.headers));
      response.end(Buffer.from(await answer.arrayBuffer()));
    })().catch((error: unknown) => {
      response.writeHead(500).end(String(error));
    });
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

function cutLink(): Promise<void> {
  return new Promise((resolve) => {
    cloudServer.close(() => resolve());
    cloudServer.closeAllConnections();
  });
}

/** Device "Pump 1"'s points of key n, oldest first, as a reader (the cloud's or the edge's) has them. */
async function pointsIn(reader: TelemetryReader): Promise<PlainPoint[]> {
  const history = await reader.history(admin.tenantId, deviceId, {
    keys: ["n"],
    from: 0,
    to: Date.now() + 60_000,
    limit: 10_000,
    order: "asc",
    agg: "NONE",
  });
  return history.n ?? [];
}

const cloudPoints = () => pointsIn(cloud.deps.telemetry);

const edgeTelemetry = () =>
  telemetryReaderFrom(createTelemetryStore({ appPool: edgeDb.appPool, systemPool: edgeDb.systemPool }));

const queued = async () =>
  Number((await edgeDb.systemPool.query<{ n: string }>("SELECT count(*) AS n FROM edge_uplink_queue")).rows[0]!.n);

const T0 = Date.now() - 3_600_000;
/** Point i: ts T0 + i seconds, n = i; QoS 1, so it resolves only once the edge has acknowledged it. */
const publishPoint = (i: number) =>
  device.publishAsync("v1/devices/me/telemetry", JSON.stringify({ ts: T0 + i * 1000, values: { n: i } }), { qos: 1 });

beforeAll(async () => {
  // What the cloud hands its rule engine, in the order it applied it (the publisher REST telemetry goes through).
  cloud = await startApiHarness({
    uplinks: async (messages) => {
      for (const message of messages)
        if (message.type === "TELEMETRY") for (const point of message.points) cloudApplied.push(point.value.value);
    },
  });
  admin = await cloud.signup("edge");
  cloudServer = await serveCloud();
  cloudPort = (cloudServer.address() as AddressInfo).port;

  const created = await cloud.call<{ id: string }>("POST", "/api/v1/devices", {
    cookie: admin.cookie,
    body: { name: "Pump 1", type: "pump" },
  });
  expect(created.status).toBe(201);
  deviceId = created.body.id;
  const edge = await cloud.call<{ routingKey: string; secret: string }>("POST", "/api/v1/edges", {
    cookie: admin.cookie,
    body: { name: "Plant 1" },
  });
  expect(edge.status).toBe(201);
  edgeKey = edge.body.routingKey;
  edgeSecret = edge.body.secret;

  edgeDatabase = await createTestDatabase();
  edgeDb = createDatabaseClients({ appUrl: edgeDatabase.appUrl, systemUrl: edgeDatabase.systemUrl, poolSize: 4 });
  edgeRedis = await testRedis(REDIS_DB);
  const cloudUrl = `http://127.0.0.1:${cloudPort}`;
  ingest = await startIngestFromConfig(
    testIngestConfig(`${process.env.REDIS_URL}/${REDIS_DB}`, { EDGE_CLOUD_URL: cloudUrl }),
    { app: edgeDatabase.appUrl, system: edgeDatabase.systemUrl },
    logger,
  );
  // Before the first sync the edge knows no device: the token is refused (and cached as unknown there).
  const token = await cloud.call<{ accessToken: string }>("GET", `/api/v1/devices/${deviceId}/credentials`, {
    cookie: admin.cookie,
  });
  accessToken = token.body.accessToken;
  await expect(
    mqtt.connectAsync(`mqtt://127.0.0.1:${ingest.ports.mqtt}`, { username: accessToken, reconnectPeriod: 0 }),
  ).rejects.toThrow();
  sync = await startEdgeSync({
    link: { url: cloudUrl, key: edgeKey, secret: edgeSecret, timeoutMs: 5_000 },
    pool: edgeDb.systemPool,
    redis: edgeRedis,
    logger,
    downlinkIntervalMs: 300,
    uplinkBatch: 25,
    retryMaxMs: 1_000,
  });
});

afterAll(async () => {
  device?.end(true);
  await sync?.stop();
  await ingest?.close();
  cloudServer?.closeAllConnections();
  await new Promise((resolve) => cloudServer?.close(resolve));
  edgeRedis?.disconnect();
  await edgeDb?.close();
  await edgeDatabase?.drop();
  await cloud?.close();
});

describe("an edge credential", () => {
  it("calls the edge sync operations only, and a wrong secret nothing", async () => {
    const asEdge = { headers: { authorization: `Edge ${edgeKey}:${edgeSecret}` } };
    expect((await cloud.call("GET", "/api/v1/devices", asEdge)).status).toBe(403);
    expect((await cloud.call("GET", "/api/v1/edge/downlink", asEdge)).status).toBe(200);
    const wrong = { headers: { authorization: `Edge ${edgeKey}:not-the-secret` } };
    expect((await cloud.call("GET", "/api/v1/edge/downlink", wrong)).status).toBe(401);
    // A tenant administrator is not an edge: the downlink hands out device credentials to edges only.
    expect((await cloud.call("GET", "/api/v1/edge/downlink", { cookie: admin.cookie })).status).toBe(403);
    // The secret was shown once: reading the edge back does not show it.
    const list = await cloud.call<{ data: Record<string, unknown>[] }>("GET", "/api/v1/edges", {
      cookie: admin.cookie,
    });
    expect(list.body.data).toEqual([expect.objectContaining({ routingKey: edgeKey })]);
    expect(list.body.data[0]).not.toHaveProperty("secret");
  });
});

describe("an edge", () => {
  it("receives the cloud's device with its credentials, and the device publishes to the edge", async () => {
    await sync.firstSync;
    await waitFor(
      async () =>
        (
          await edgeDb.systemPool.query(
            `SELECT 1 FROM "DeviceCredential" WHERE "deviceId" = $1 AND "credentialsId" = $2`,
            [deviceId, accessToken],
          )
        ).rowCount === 1,
    );
    const local = await edgeDb.system.device.findUniqueOrThrow({ where: { id: deviceId }, include: { profile: true } });
    expect(local).toMatchObject({ name: "Pump 1", type: "pump", tenantId: admin.tenantId });
    device = await mqtt.connectAsync(`mqtt://127.0.0.1:${ingest.ports.mqtt}`, {
      username: accessToken,
      reconnectPeriod: 0,
    });
    for (let i = 1; i <= 20; i++) await publishPoint(i);
    await waitFor(async () => (await cloudPoints()).length === 20, 20_000);
  }, 60_000);

  it("keeps acknowledging and storing while the link is down, and syncs everything in order when it returns", async () => {
    await cutLink();
    for (let i = 21; i <= 120; i++) await publishPoint(i);
    await device.publishAsync("v1/devices/me/attributes", JSON.stringify({ firmware: "2.1.0" }), { qos: 1 });
    const raised = await raiseAlarm(alarmContext({ db: edgeDb, redis: edgeRedis, logger }, admin.tenantId), {
      originator: { type: "DEVICE", id: deviceId },
      type: "Dry run",
      severity: "MAJOR",
      details: { pressure: 0.2 },
      ts: T0 + 120_000,
    });

    // Stored at the edge and waiting in its queue (100 points, the attribute, the alarm); the cloud has none of it.
    expect(await pointsIn(edgeTelemetry())).toHaveLength(120);
    await waitFor(async () => (await queued()) >= 102);
    await waitFor(
      async () =>
        (await edgeDb.systemPool.query<{ e: string | null }>("SELECT last_error AS e FROM edge_cloud_link")).rows[0]?.e,
    );
    expect(await cloudPoints()).toHaveLength(20);
    expect(await cloud.deps.db.system.alarm.count({ where: { id: raised.alarm.id } })).toBe(0);

    cloudServer = await serveCloud(cloudPort);
    await waitFor(async () => (await cloudPoints()).length >= 120 && (await queued()) === 0, 45_000);
    // Applied in the cloud in the order the device sent them, each once.
    expect(cloudApplied).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    const points = await cloudPoints();
    expect(points.map((p) => p.value)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    expect(points.map((p) => p.ts)).toEqual(Array.from({ length: 120 }, (_, i) => T0 + (i + 1) * 1000));

    const alarm = await cloud.deps.db.system.alarm.findUniqueOrThrow({ where: { id: raised.alarm.id } });
    expect(alarm).toMatchObject({
      tenantId: admin.tenantId,
      originatorId: deviceId,
      type: "Dry run",
      severity: "MAJOR",
      cleared: false,
      details: { pressure: 0.2 },
    });
    const attribute = await cloud.deps.db.system.attribute.findFirstOrThrow({
      where: { entityId: deviceId, scope: "CLIENT", key: "firmware" },
    });
    expect(attribute.stringValue).toBe("2.1.0");

    // The cloud says how far it has applied: the edge's whole queue, in one sequence with no gap.
    const edges = await cloud.call<{ data: { uplinkSeq: number }[] }>("GET", "/api/v1/edges", { cookie: admin.cookie });
    expect(edges.body.data[0]!.uplinkSeq).toBe(
      Number(
        (await edgeDb.systemPool.query<{ s: string }>("SELECT uplink_assigned_seq AS s FROM edge_cloud_link")).rows[0]!
          .s,
      ),
    );
  }, 60_000);

  it("does not apply a batch sent again (its answer lost) a second time", async () => {
    const asEdge = { authorization: `Edge ${edgeKey}:${edgeSecret}` };
    const { body: before } = await cloud.call<{ data: { uplinkSeq: number }[] }>("GET", "/api/v1/edges", {
      cookie: admin.cookie,
    });
    const seq = before.data[0]!.uplinkSeq;
    const again = await cloud.call<{ applied: number; duplicates: number; uplinkSeq: number }>(
      "POST",
      "/api/v1/edge/uplink",
      {
        headers: asEdge,
        body: {
          entries: [
            {
              seq,
              kind: "TELEMETRY",
              entityId: deviceId,
              points: [{ key: "n", ts: T0 + 999_000, value: { type: "LONG", value: 999 } }],
            },
          ],
        },
      },
    );
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ applied: 0, duplicates: 1, uplinkSeq: seq });
    expect(await cloudPoints()).toHaveLength(120);

    const refused = await cloud.call<{ error: { message: string } }>("POST", "/api/v1/edge/uplink", {
      headers: asEdge,
      body: { entries: [{ seq: seq + 2, kind: "ALARM", alarm: {} }, { seq: seq + 1 }] },
    });
    expect(refused.status).toBe(422);
  });
});
