import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabaseClients, type DatabaseClients } from "@industryos/db";
import { createTelemetryStore } from "@industryos/db/telemetry";
import {
  createApiKey,
  createDevice,
  createTenant,
  createTestDatabase,
  createUser,
  type TestDatabase,
} from "@industryos/db/testing";
import { freePort, startTemporalDevServer, type TemporalDevServer } from "@industryos/devstack";
import { RULE_ENGINE_GROUP, partitionOf, ruleEngineStream } from "@industryos/device-protocol";
import { freePublicPorts, startClusterChild, type ClusterChild } from "../src/cluster/cluster-child.ts";
import { LatestValuesSubscriber, PublishingDevice, sleep, waitFor } from "./support/cluster-clients.ts";
import { establishedOn, pidListeningOn } from "./support/proc-net.ts";

// `npm run cluster` end to end: two web, two ingest and two workers nodes behind HAProxy on the
// public ports. Under load (MQTT devices publishing QoS 1 continuously, a WebSocket subscriber)
// one node of each tier is killed with SIGKILL; devices reconnect through HAProxy to the other
// ingest node and nothing acknowledged is lost, the WebSocket session comes back with its
// subscription, a shared-attribute update reaches a device on the other ingest node, and the
// entries the killed worker had pending are finished by another worker (an alarm raised after a
// webhook the killed worker was waiting on).
const REDIS_DB = 29; // the rule-engine streams' names are fixed: a database nobody else uses
const LOAD_DEVICES = 6;
const ALARM_TYPE = "Cluster failover";

let database: TestDatabase;
let db: DatabaseClients;
let temporal: TemporalDevServer;
let redis: Redis;
let cluster: ClusterChild | undefined;
let output = "";
const publicPorts: Record<string, number> = {};
let nodePorts: Record<string, Record<string, number>> = {};
let tenantId: string;
let apiKey: string;
const devices: { id: string; token: string }[] = [];
let alarmDevice: { id: string; token: string };

/** The webhook of the test's rule chain: holds the first request open until the test answers it. */
const hook = {
  server: undefined as Server | undefined,
  url: "",
  requests: [] as { at: number; remotePort: number }[],
  held: [] as ServerResponse[],
  holding: true,
};

async function startHook() {
  hook.server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      hook.requests.push({ at: Date.now(), remotePort: req.socket.remotePort ?? 0 });
      if (hook.holding) hook.held.push(res);
      else res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    });
  });
  await new Promise<void>((r) => hook.server!.listen(0, "127.0.0.1", r));
  hook.url = `http://127.0.0.1:${(hook.server!.address() as AddressInfo).port}/hook`;
}

async function api(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`http://127.0.0.1:${publicPorts.WEB_PORT}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

beforeAll(async () => {
  [database, temporal] = await Promise.all([
    createTestDatabase(),
    freePort().then((port) => startTemporalDevServer({ port, log: () => {} })),
    startHook(),
  ]).then(([d, t]) => [d, t] as const);
  db = createDatabaseClients({ appUrl: database.appUrl, systemUrl: database.systemUrl, poolSize: 2 });
  redis = new Redis(`${process.env.REDIS_URL}/${REDIS_DB}`);
  await redis.flushdb();

  // A tenant with devices, an API key and a root chain: messages carrying `trigger` go through a
  // webhook (the test's, held open) to an alarm.
  const tenant = await createTenant(db.system);
  tenantId = tenant.id;
  const admin = await createUser(db.system, { tenantId });
  apiKey = await createApiKey(db.system, { tenantId, createdById: admin.id });
  for (let i = 0; i <= LOAD_DEVICES; i++) {
    const { device, accessToken } = await createDevice(db.system, { tenantId, name: `cluster-${i}` });
    devices.push({ id: device.id, token: accessToken });
  }
  alarmDevice = devices.pop()!;
  await db.system.ruleChain.create({
    data: {
      tenantId,
      name: "Root",
      root: true,
      configuration: {
        nodes: [
          {
            id: "trigger",
            type: "filter.script",
            config: { script: "return msg != null && msg.trigger !== undefined;" },
          },
          { id: "hook", type: "external.webhook", config: { url: hook.url } },
          { id: "alarm", type: "action.createAlarm", config: { alarmType: ALARM_TYPE, severity: "CRITICAL" } },
        ],
        connections: [
          { from: "input", to: "trigger", relation: "Success" },
          { from: "trigger", to: "hook", relation: "True" },
          { from: "hook", to: "alarm", relation: "Success" },
        ],
      } as never,
    },
  });

  const publicEnv = await freePublicPorts();
  for (const [name, value] of Object.entries(publicEnv)) if (name.endsWith("_PORT")) publicPorts[name] = Number(value);
  cluster = await startClusterChild({
    ...publicEnv,
    DATABASE_URL: database.ownerUrl,
    REDIS_URL: `${process.env.REDIS_URL}/${REDIS_DB}`,
    TEMPORAL_ADDRESS: temporal.address,
    DEMO_SEED: "false",
    DEMO_SIMULATOR: "false",
    LOG_LEVEL: "warn",
    // A dead worker's pending entries are claimed after 2 s instead of 30 s.
    RULES_CLAIM_IDLE_MS: "2000",
    // The web tests' build folder: one production build serves every suite.
    NEXT_DIST_DIR: ".next-test",
  });
  nodePorts = cluster.nodePorts;
  output = cluster.output();
}, 420_000);

afterAll(async () => {
  await cluster?.stop();
  for (const res of hook.held) res.destroy();
  hook.server?.close();
  redis?.disconnect();
  await db?.close();
  await temporal?.stop();
  await database?.drop();
});

/** The rule-engine consumer holding pending entries of `partition` (`host-pid-hex`), and its pid. */
async function pendingOwner(partition: number): Promise<{ consumer: string; pid: number } | undefined> {
  const summary = (await redis.xpending(ruleEngineStream(partition), RULE_ENGINE_GROUP)) as [
    number,
    string | null,
    string | null,
    [string, string][] | null,
  ];
  const owner = (summary[3] ?? []).find(([, count]) => Number(count) > 0)?.[0];
  const pid = Number(owner?.split("-").at(-2));
  return owner && pid ? { consumer: owner, pid } : undefined;
}

describe("npm run cluster", () => {
  it("runs two nodes of each tier, each on its own ports, behind HAProxy on the public ports", async () => {
    expect(output).toMatch(/IndustryOS is running as a cluster: 2 web, 2 ingest, 2 workers behind HAProxy/);
    expect(Object.keys(nodePorts).sort()).toEqual(["ingest-1", "ingest-2", "web-1", "web-2", "workers-1", "workers-2"]);
    for (const [name, ports] of Object.entries(nodePorts)) {
      const health = ports.WEB_PORT ?? ports.INGEST_HTTP_PORT ?? ports.WORKERS_HEALTH_PORT;
      expect((await fetch(`http://127.0.0.1:${health}/healthz`)).status, name).toBe(200);
    }
    expect(output).toMatch(/CoAP :\d+ and LwM2M :\d+ go to ingest-1 directly/);
    expect(nodePorts["ingest-1"]!.COAP_PORT).toBe(publicPorts.COAP_PORT);
    const page = await fetch(`http://127.0.0.1:${publicPorts.WEB_PORT}/login`);
    expect(page.status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${publicPorts.INGEST_HTTP_PORT}/healthz`)).status).toBe(200);
  });

  it("keeps serving when one node of each tier is killed under load, and loses nothing acknowledged", async () => {
    const ingest1 = nodePorts["ingest-1"]!;
    const summary: string[] = [];
    const ingest1Down = () => pidListeningOn(ingest1.MQTT_PORT!) === undefined;
    const baseTs = Date.now() - 3_600_000; // an hour back: no clash with receive times
    const load = devices.map(
      (device, i) =>
        new PublishingDevice(
          `mqtt://127.0.0.1:${publicPorts.MQTT_PORT}`,
          device.token,
          baseTs + i * 10_000_000,
          ingest1Down,
        ),
    );
    const watched = devices[0]!;
    const webNames = ["web-1", "web-2"];
    const webConnections = () => webNames.map((n) => establishedOn(nodePorts[n]!.WEB_PORT!));
    const beforeSession = webConnections();
    const subscriber = new LatestValuesSubscriber(
      `ws://127.0.0.1:${publicPorts.WEB_PORT}/api/ws`,
      apiKey,
      watched.id,
      "seq",
    );
    const trigger = new PublishingDevice(
      `mqtt://127.0.0.1:${publicPorts.MQTT_PORT}`,
      alarmDevice.token,
      baseTs,
      () => false,
      3_600_000,
    );
    try {
      await waitFor("every device connected", () => load.every((d) => d.connects.length > 0), 20_000);
      await waitFor("live values on the WebSocket", () => subscriber.received.length >= 5, 30_000);
      // leastconn spread the devices over both ingest nodes.
      const onIngest1 = establishedOn(ingest1.MQTT_PORT!);
      const onIngest2 = establishedOn(nodePorts["ingest-2"]!.MQTT_PORT!);
      expect(onIngest1, "devices on ingest-1").toBeGreaterThan(0);
      expect(onIngest2, "devices on ingest-2").toBeGreaterThan(0);

      // The alarm device's message reaches the webhook, which the test holds open: its rule-engine
      // entry is pending on whichever worker consumes that partition.
      await trigger.client.publishAsync("v1/devices/me/telemetry", JSON.stringify({ trigger: 1 }), { qos: 1 });
      await waitFor("the webhook called", () => hook.requests.length === 1, 20_000);
      const partition = partitionOf(alarmDevice.id);
      const owner = await waitFor("the worker holding the entry", () => pendingOwner(partition), 5_000);
      const workerPids = ["workers-1", "workers-2"].map((n) => pidListeningOn(nodePorts[n]!.WORKERS_HEALTH_PORT!));
      expect(workerPids, "the entry's consumer is one of the two workers nodes").toContain(owner.pid);

      // The web node holding the WebSocket session: the one with a connection more than before it opened.
      const withSession = webConnections().map((n, i) => n - beforeSession[i]!);
      const webWithSession = webNames[withSession.indexOf(Math.max(...withSession))]!;
      const webPid = pidListeningOn(nodePorts[webWithSession]!.WEB_PORT!);
      const ingestPid = pidListeningOn(ingest1.MQTT_PORT!);
      expect(webPid && ingestPid).toBeTruthy();
      const sessionsBefore = subscriber.sessions;
      const receivedBefore = subscriber.received.length;

      const killedAt = Date.now();
      for (const pid of [ingestPid!, webPid!, owner.pid]) process.kill(pid, "SIGKILL");
      hook.holding = false; // the next attempt, by another worker, is answered

      // Devices that were on ingest-1 reconnect through HAProxy while it is down: to ingest-2.
      const moved = await waitFor(
        "devices of ingest-1 reconnected",
        () => {
          const list = load.filter((d) => d.connects.length > 1);
          return list.length >= onIngest1 - 1 && list.every((d) => d.client.connected) ? list : undefined;
        },
        30_000,
      );
      expect(moved.length).toBeGreaterThan(0);
      const onOtherNode = moved.filter((d) => d.connects.at(-1)!.probe);
      expect(onOtherNode.length, "devices reconnected while ingest-1 was down").toBeGreaterThan(0);

      // The WebSocket session comes back through HAProxy and its subscription delivers again.
      await waitFor(
        "new values on a new WebSocket session",
        () => subscriber.sessions > sessionsBefore && subscriber.received.some((r) => r.session > sessionsBefore),
        40_000,
      );
      expect(subscriber.received.length).toBeGreaterThan(receivedBefore);

      // A shared attribute set through the REST API reaches a device now held by ingest-2.
      const target = onOtherNode[0]!;
      const targetId = devices[load.indexOf(target)]!.id;
      const set = await api("POST", `/devices/${targetId}/attributes/SHARED`, { mode: "failover" });
      expect(set.status, await set.clone().text()).toBeLessThan(300);
      await waitFor(
        "the downlink delivered",
        () => target.downlinks.some((d) => JSON.stringify(d).includes("failover")),
        15_000,
      );

      // The killed worker's pending entry is finished by another worker: the webhook is called
      // again (from another process) and the alarm raised.
      const alarm = await waitFor(
        "the alarm raised after the claim",
        () => db.system.alarm.findFirst({ where: { tenantId, originatorId: alarmDevice.id, type: ALARM_TYPE } }),
        45_000,
      );
      expect(alarm.severity).toBe("CRITICAL");
      expect(hook.requests.length).toBeGreaterThanOrEqual(2);
      const left = await pendingOwner(partition);
      expect(left?.consumer, "nothing left pending on the killed worker").not.toBe(owner.consumer);
      expect(hook.requests.at(-1)!.at).toBeGreaterThan(killedAt);
      // The partition's lease names the process that took it over and finished the entry.
      const leaseHolder = (await redis.get(`rule-engine:lease:${partition}`)) ?? "";
      const finisherPid = Number(leaseHolder.split("-").at(-2));
      const liveWorkers = ["workers-1", "workers-2"].map((n) => pidListeningOn(nodePorts[n]!.WORKERS_HEALTH_PORT!));
      expect(finisherPid).not.toBe(owner.pid);
      expect(liveWorkers, `the partition's new owner ${leaseHolder} is a live workers node`).toContain(finisherPid);
      summary.push(
        `killed ${webWithSession} (pid ${webPid}), ingest-1 (pid ${ingestPid}), the worker holding the entry (pid ${owner.pid});`,
        `${moved.length} devices moved, ${onOtherNode.length} reconnected while ingest-1 was down;`,
        `entry finished by pid ${finisherPid} (${finisherPid === workerPids.find((p) => p !== owner.pid) ? "the surviving worker" : "the killed worker's restart"})`,
      );

      // More load after the failover, then every acknowledged message must be stored.
      await sleep(2_000);
    } finally {
      subscriber.stop();
      await Promise.all([...load, trigger].map((d) => d.stop()));
    }

    const store = createTelemetryStore(db);
    let acked = 0;
    for (const [i, device] of load.entries()) {
      const stored = await store.range(tenantId, devices[i]!.id, {
        keys: ["seq"],
        from: device.baseTs,
        to: device.baseTs + 10_000_000,
        limit: 100_000,
        order: "ASC",
      });
      const storedSeqs = new Set((stored.seq ?? []).map((p) => p.ts - device.baseTs));
      const missing = device.acked.filter((seq) => !storedSeqs.has(seq));
      expect(missing, `device ${i}: acknowledged but not stored`).toEqual([]);
      acked += device.acked.length;
    }
    expect(acked, "messages acknowledged during the test").toBeGreaterThan(200);
    console.log(`cluster failover: ${summary.join(" ")} ${acked} messages acknowledged, all stored`);
    expect(
      load.reduce((n, d) => n + d.closes, 0),
      "connections cut by the kill",
    ).toBeGreaterThan(0);
  }, 150_000);

  it("restarts the killed nodes and stops everything on Ctrl-C", async () => {
    await waitFor(
      "the killed nodes restarted",
      () => (cluster!.output().match(/restart 1 in/g) ?? []).length >= 3,
      5_000,
    );
    expect(await cluster!.stop()).toBe(0);
    for (const port of Object.values(publicPorts).concat(...Object.values(nodePorts).map((p) => Object.values(p)))) {
      if (port === publicPorts.COAP_PORT || port === publicPorts.LWM2M_PORT) continue; // UDP
      expect(pidListeningOn(port), `port ${port} closed`).toBeUndefined();
    }
  }, 60_000);
});
