import { randomUUID } from "node:crypto";
import { createUser } from "@industryos/db";
import {
  deadLetterFields,
  debugEventFields,
  partitionOf,
  readRuleEngineEntry,
  RULE_CHAINS_CHANGED_CHANNEL,
  RULE_ENGINE_PARTITIONS,
  ruleChainDebugEvents,
  ruleEngineDeadLetters,
  ruleEngineStream,
} from "@industryos/device-protocol";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_RULE_CHAIN, DEFAULT_RULE_CHAIN_NAME } from "../src/services/rule-chains/default-rule-chain.ts";
import { streamGroupLag } from "../src/services/rule-chains/rule-engine-lag.ts";
import { startApiHarness, type ApiHarness, type CallOptions } from "../src/testing/api-harness.ts";

interface ChainView {
  id: string;
  name: string;
  root: boolean;
  version: number;
  nodes: { id: string; type: string; config: Record<string, unknown> }[];
  connections: { from: string; to: string; relation: string }[];
  warnings: { path: (string | number)[]; message: string }[];
}
interface Page<T> {
  data: T[];
  total: number;
  page: number;
  pageSize: number;
}
interface ErrorBody {
  error: { code: string; message: string; details?: { path: (string | number)[]; message: string }[] };
}

let h: ApiHarness;
let admin: { cookie: string; tenantId: string; userId: string };
let subscriber: Redis;
const published: { tenantId: string; ruleChainId: string }[] = [];

const call = <T = unknown>(method: string, path: string, options: CallOptions = {}) =>
  h.call<T>(method, `/api/v1${path}`, { cookie: admin.cookie, ...options });

const thresholdChain = (value = 30) => ({
  nodes: [
    { id: "hot", type: "filter.threshold", name: "Too hot", config: { key: "temperature", op: ">", value } },
    { id: "alarm", type: "action.createAlarm", config: { alarmType: "High temperature", severity: "MAJOR" } },
  ],
  connections: [
    { from: "input", to: "hot", relation: "Success" },
    { from: "hot", to: "alarm", relation: "True" },
  ],
});

async function create(name: string, extra: Record<string, unknown> = {}) {
  const result = await call<ChainView>("POST", "/rule-chains", { body: { name, ...thresholdChain(), ...extra } });
  expect(result.status, JSON.stringify(result.body)).toBe(201);
  return result.body;
}

/** Waits until the channel has carried a change of this chain. */
async function announced(ruleChainId: string) {
  for (let i = 0; i < 100 && !published.some((p) => p.ruleChainId === ruleChainId); i++)
    await new Promise((resolve) => setTimeout(resolve, 20));
  return published.filter((p) => p.ruleChainId === ruleChainId);
}

beforeAll(async () => {
  h = await startApiHarness();
  subscriber = new Redis(process.env.REDIS_URL!);
  await subscriber.subscribe(RULE_CHAINS_CHANGED_CHANNEL);
  subscriber.on("message", (_channel, text: string) => published.push(JSON.parse(text)));
  admin = await h.signup("rules");
});
afterAll(async () => {
  await subscriber?.quit();
  await h?.close();
});

describe("the default root chain", () => {
  it("is created at sign-up: RPC requests from devices logged, everything else passes", async () => {
    const list = await call<Page<ChainView & { nodeCount: number }>>("GET", "/rule-chains");
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(1);
    const [root] = list.body.data;
    expect(root).toMatchObject({ name: DEFAULT_RULE_CHAIN_NAME, root: true, version: 1, nodeCount: 2 });
    const chain = await call<ChainView>("GET", `/rule-chains/${root!.id}`);
    expect(chain.body.nodes.map((n) => n.type)).toEqual(["filter.messageType", "action.log"]);
    expect(chain.body.nodes[0]!.config).toEqual({ types: ["TO_SERVER_RPC_REQUEST"] });
    // Ingest stores telemetry before the rule engine sees it: the default chain must not store it again.
    expect(chain.body.nodes.map((n) => n.type)).not.toContain("action.saveTimeseries");
    expect(chain.body.warnings).toEqual([]);
    const versions = await call<Page<{ version: number; createdById: string | null }>>(
      "GET",
      `/rule-chains/${root!.id}/versions`,
    );
    expect(versions.body.data).toEqual([expect.objectContaining({ version: 1, createdById: null })]);
  });

  it("is given lazily, once, to a tenant from before rule chains", async () => {
    const old = await h.signup("old");
    // As a tenant created before this change: no chain at all.
    await h.deps.db.system.ruleChain.deleteMany({ where: { tenantId: old.tenantId } });
    const lists = await Promise.all(
      [1, 2, 3].map(() => h.call<Page<ChainView>>("GET", "/api/v1/rule-chains", { cookie: old.cookie })),
    );
    for (const list of lists) expect(list.status, JSON.stringify(list.body)).toBe(200);
    const chains = await h.deps.db.system.ruleChain.findMany({ where: { tenantId: old.tenantId } });
    expect(chains).toHaveLength(1);
    expect(chains[0]).toMatchObject({ root: true, name: DEFAULT_RULE_CHAIN_NAME, version: 1 });
    expect(chains[0]!.configuration).toEqual(DEFAULT_RULE_CHAIN);
    const again = await h.call<Page<ChainView>>("GET", "/api/v1/rule-chains", { cookie: old.cookie });
    expect(again.body.data.map((c) => c.id)).toEqual([chains[0]!.id]);
  });
});

describe("rule chains", () => {
  it("creates a chain at version 1, with warnings for nodes no message reaches, and announces it", async () => {
    const result = await call<ChainView>("POST", "/rule-chains", {
      body: {
        name: "Temperature alarms",
        nodes: [...thresholdChain().nodes, { id: "orphan", type: "action.log", config: {}, position: { x: 1, y: 2 } }],
        connections: thresholdChain().connections,
      },
    });
    expect(result.status, JSON.stringify(result.body)).toBe(201);
    expect(result.body).toMatchObject({ name: "Temperature alarms", version: 1, root: false });
    expect(result.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.body.warnings).toEqual([{ path: ["nodes", 2], message: expect.stringContaining("orphan") }]);
    expect(await announced(result.body.id)).toContainEqual({ tenantId: admin.tenantId, ruleChainId: result.body.id });
    const audit = await h.deps.db.system.auditLog.findFirst({
      where: { tenantId: admin.tenantId, entityId: result.body.id, actionType: "ADDED", entityType: "RULE_CHAIN" },
    });
    expect(audit?.userId).toBe(admin.userId);
  });

  it("answers 422 with field paths for a bad node configuration and an unknown node type, saving nothing", async () => {
    const before = await call<Page<ChainView>>("GET", "/rule-chains?pageSize=100");
    const bad = await call<ErrorBody>("POST", "/rule-chains", {
      body: {
        name: "Broken",
        nodes: [
          { id: "hot", type: "filter.threshold", config: { key: "temperature", op: "~", value: 30 } },
          { id: "what", type: "filter.nonsense", config: {} },
        ],
        connections: [
          { from: "input", to: "hot", relation: "Success" },
          { from: "hot", to: "what", relation: "True" },
        ],
      },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe("VALIDATION_FAILED");
    const paths = bad.body.error.details!.map((d) => d.path);
    expect(paths).toContainEqual(["nodes", 0, "config", "op"]);
    expect(paths).toContainEqual(["nodes", 1, "type"]);
    expect(bad.body.error.details).toContainEqual({
      path: ["nodes", 1, "type"],
      message: expect.stringContaining("filter.nonsense"),
    });

    const missingKey = await call<ErrorBody>("POST", "/rule-chains", {
      body: {
        name: "No key",
        nodes: [{ id: "hot", type: "filter.threshold", config: { op: ">", value: 1 } }],
        connections: [{ from: "input", to: "hot", relation: "Success" }],
      },
    });
    expect(missingKey.status).toBe(422);
    expect(missingKey.body.error.details!.map((d) => d.path)).toContainEqual(["nodes", 0, "config", "key"]);

    const wrongRelation = await call<ErrorBody>("POST", "/rule-chains", {
      body: {
        name: "Wrong relation",
        ...thresholdChain(),
        connections: [
          { from: "input", to: "hot", relation: "Success" },
          { from: "hot", to: "alarm", relation: "Maybe" },
        ],
      },
    });
    expect(wrongRelation.status).toBe(422);
    expect(wrongRelation.body.error.details!.map((d) => d.path)).toContainEqual(["connections", 1, "relation"]);

    const after = await call<Page<ChainView>>("GET", "/rule-chains?pageSize=100");
    expect(after.body.total).toBe(before.body.total);
  });

  it("lists with search, root first", async () => {
    await create("Pump station");
    const all = await call<Page<ChainView>>("GET", "/rule-chains?pageSize=100");
    expect(all.body.data[0]!.root).toBe(true);
    expect(all.body).toMatchObject({ page: 1, pageSize: 100 });
    const found = await call<Page<ChainView>>("GET", "/rule-chains?search=pump");
    expect(found.body.data.map((c) => c.name)).toEqual(["Pump station"]);
    expect(found.body.total).toBe(1);
  });

  it("saves every update as a version, keeps each version whole for a diff, and restores an old one", async () => {
    const chain = await create("Boiler");
    const update = await call<ChainView>("PUT", `/rule-chains/${chain.id}`, {
      body: { name: "Boiler (hotter)", ...thresholdChain(80), version: 1 },
    });
    expect(update.status, JSON.stringify(update.body)).toBe(200);
    expect(update.body).toMatchObject({ version: 2, name: "Boiler (hotter)" });
    expect(update.body.nodes[0]!.config.value).toBe(80);

    // Saved from a stale copy: refused, nothing changes.
    const stale = await call<ErrorBody>("PUT", `/rule-chains/${chain.id}`, {
      body: { name: "Boiler (stale)", ...thresholdChain(10), version: 1 },
    });
    expect(stale.status).toBe(409);
    const invalid = await call<ErrorBody>("PUT", `/rule-chains/${chain.id}`, {
      body: { name: "Boiler", nodes: [{ id: "x", type: "filter.threshold", config: {} }], connections: [] },
    });
    expect(invalid.status).toBe(422);
    expect((await call<ChainView>("GET", `/rule-chains/${chain.id}`)).body).toMatchObject({
      version: 2,
      name: "Boiler (hotter)",
    });

    const versions = await call<Page<{ version: number; name: string; createdById: string }>>(
      "GET",
      `/rule-chains/${chain.id}/versions`,
    );
    expect(versions.body.data.map((v) => [v.version, v.name])).toEqual([
      [2, "Boiler (hotter)"],
      [1, "Boiler"],
    ]);
    expect(versions.body.data[0]!.createdById).toBe(admin.userId);
    const [v1, v2] = await Promise.all(
      [1, 2].map((v) => call<ChainView & { ruleChainId: string }>("GET", `/rule-chains/${chain.id}/versions/${v}`)),
    );
    expect(v1!.body).toMatchObject({ ruleChainId: chain.id, version: 1, name: "Boiler" });
    expect(v1!.body.nodes[0]!.config.value).toBe(30);
    expect(v2!.body.nodes[0]!.config.value).toBe(80);
    expect(v1!.body.connections).toEqual(v2!.body.connections);
    expect((await call("GET", `/rule-chains/${chain.id}/versions/9`)).status).toBe(404);

    const restored = await call<ChainView & { restoredFrom: number }>(
      "POST",
      `/rule-chains/${chain.id}/versions/1/restore`,
    );
    expect(restored.status, JSON.stringify(restored.body)).toBe(200);
    expect(restored.body).toMatchObject({ version: 3, name: "Boiler", restoredFrom: 1 });
    expect(restored.body.nodes[0]!.config.value).toBe(30);
    const after = await call<Page<{ version: number }>>("GET", `/rule-chains/${chain.id}/versions`);
    expect(after.body.data.map((v) => v.version)).toEqual([3, 2, 1]);
    expect((await call("POST", `/rule-chains/${chain.id}/versions/7/restore`)).status).toBe(404);
    const audits = await h.deps.db.system.auditLog.count({
      where: { tenantId: admin.tenantId, entityId: chain.id, actionType: "UPDATED" },
    });
    expect(audits).toBe(2);
  });

  it("switches the root in one step and refuses to delete the root", async () => {
    const list = await call<Page<ChainView>>("GET", "/rule-chains?pageSize=100");
    const oldRoot = list.body.data.find((c) => c.root)!;
    const chain = await create("New root");
    const made = await call<ChainView>("POST", `/rule-chains/${chain.id}/root`);
    expect(made.status).toBe(200);
    expect(made.body.root).toBe(true);
    const roots = await h.deps.db.system.ruleChain.findMany({ where: { tenantId: admin.tenantId, root: true } });
    expect(roots.map((r) => r.id)).toEqual([chain.id]);
    expect((await call<ChainView>("GET", `/rule-chains/${oldRoot.id}`)).body.root).toBe(false);
    expect(await announced(oldRoot.id)).not.toHaveLength(0);
    // Making it the root again changes nothing.
    expect((await call<ChainView>("POST", `/rule-chains/${chain.id}/root`)).body.root).toBe(true);

    const refused = await call<ErrorBody>("DELETE", `/rule-chains/${chain.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/root/);
    // The old root is an ordinary chain now: it may go.
    expect((await call("DELETE", `/rule-chains/${oldRoot.id}`)).status).toBe(204);
    expect((await call("GET", `/rule-chains/${oldRoot.id}`)).status).toBe(404);
    expect(await h.deps.db.system.ruleChainVersion.count({ where: { ruleChainId: oldRoot.id } })).toBe(0);

    // Creating a chain as the root moves the root too.
    const created = await create("Root from the start", { root: true });
    expect(created.root).toBe(true);
    expect((await call<ChainView>("GET", `/rule-chains/${chain.id}`)).body.root).toBe(false);
  });

  it("refuses to delete a chain a device profile uses, naming the profile", async () => {
    const chain = await create("Profile chain");
    const profile = await call<{ id: string }>("POST", "/device-profiles", { body: { name: "Thermostats" } });
    await h.deps.db.system.deviceProfile.update({
      where: { id: profile.body.id },
      data: { defaultRuleChainId: chain.id },
    });
    const refused = await call<ErrorBody>("DELETE", `/rule-chains/${chain.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('"Thermostats"');
    expect((await call("GET", `/rule-chains/${chain.id}`)).status).toBe(200);
    await h.deps.db.system.deviceProfile.update({ where: { id: profile.body.id }, data: { defaultRuleChainId: null } });
    expect((await call("DELETE", `/rule-chains/${chain.id}`)).status).toBe(204);
    expect((await call("DELETE", `/rule-chains/${chain.id}`)).status).toBe(404);
  });

  it("exports a chain as JSON that imports as an equal chain", async () => {
    const chain = await create("Exported", {
      nodes: [
        ...thresholdChain().nodes,
        { id: "note", type: "action.log", name: "Log it", config: {}, position: { x: 10, y: 20 }, debug: true },
      ],
      connections: [...thresholdChain().connections, { from: "alarm", to: "note", relation: "Created" }],
    });
    const exported = await call<Record<string, unknown>>("GET", `/rule-chains/${chain.id}/export`);
    expect(exported.status).toBe(200);
    expect(Object.keys(exported.body).sort()).toEqual(["connections", "name", "nodes"]);
    const imported = await call<ChainView>("POST", "/rule-chains/import", {
      body: JSON.parse(JSON.stringify(exported.body)),
    });
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    expect(imported.body.id).not.toBe(chain.id);
    expect(imported.body).toMatchObject({ root: false, version: 1 });
    const again = await call("GET", `/rule-chains/${imported.body.id}/export`);
    expect(again.body).toEqual(exported.body);
    const broken = await call<ErrorBody>("POST", "/rule-chains/import", {
      body: { ...exported.body, nodes: [{ id: "x", type: "nope", config: {} }] },
    });
    expect(broken.status).toBe(422);
  });
});

describe("test-script", () => {
  const run = (script: string, extra: Record<string, unknown> = {}) =>
    call<{ output?: unknown; error?: string }>("POST", "/rule-chains/test-script", {
      body: { script, msg: { temperature: 31 }, ...extra },
    });

  it("answers the script's output for a sample message", async () => {
    const filter = await run("return msg.temperature > 30;");
    expect(filter.status).toBe(200);
    expect(filter.body).toEqual({ output: true });
    const transform = await run(
      "msg.temperatureF = msg.temperature * 1.8 + 32; metadata.unit = 'F'; return {msg: msg, metadata: metadata, msgType: msgType};",
      { metadata: { deviceName: "Boiler" }, msgType: "POST_TELEMETRY_REQUEST" },
    );
    expect(transform.body).toEqual({
      output: {
        msg: { temperature: 31, temperatureF: 87.80000000000001 },
        metadata: { deviceName: "Boiler", unit: "F" },
        msgType: "POST_TELEMETRY_REQUEST",
      },
    });
  });

  it("answers a syntax error, an exception and an escape attempt as {error} with 200", async () => {
    const syntax = await run("return msg.temperature >;");
    expect(syntax.status).toBe(200);
    expect(syntax.body.error).toMatch(/SyntaxError|Unexpected/);
    expect(syntax.body.output).toBeUndefined();
    const exit = await run("process.exit(1); return true;");
    expect(exit.status).toBe(200);
    expect(exit.body.error).toMatch(/process is not defined/);
    const required = await run("return require('fs').readFileSync('/etc/passwd', 'utf8');");
    expect(required.body.error).toMatch(/require is not defined/);
    const constructorTrick = await run("return this.constructor.constructor('return process')().pid;");
    expect(constructorTrick.status).toBe(200);
    expect(constructorTrick.body.error).toBeDefined();
  });

  it("stops an endless loop and a memory bomb quickly", async () => {
    const started = Date.now();
    const loop = await run("while (true) {}");
    expect(loop.status).toBe(200);
    expect(loop.body.error).toMatch(/ran longer than/);
    expect(Date.now() - started).toBeLessThan(2_000);
    const bomb = await run("const a = []; while (true) a.push(new Array(1e6).fill(1));");
    expect(bomb.status).toBe(200);
    expect(bomb.body.error).toBeDefined();
    // The process is fine afterwards.
    expect((await run("return 1 + 1;")).body).toEqual({ output: 2 });
  });
});

describe("debug events", () => {
  it("reads the chain's debug stream newest first, by node, bounded", async () => {
    const chain = await create("Debugged");
    const key = ruleChainDebugEvents(admin.tenantId, chain.id);
    const event = (nodeId: string, ts: number) => ({
      nodeId,
      input: { id: randomUUID(), type: "POST_TELEMETRY_REQUEST", data: { temperature: ts } },
      outputs: [{ relation: "True", message: { data: { temperature: ts } } }],
      durationMs: 0.4,
      ts,
    });
    for (let i = 1; i <= 5; i++)
      await h.deps.redis.xadd(key, "*", ...debugEventFields(event(i % 2 ? "hot" : "alarm", i)));
    await h.deps.redis.xadd(key, "*", ...debugEventFields({ ...event("alarm", 6), error: "alarm service down" }));
    await h.deps.redis.expire(key, 600);

    const all = await call<{ data: { id: string; nodeId: string; ts: number; error?: string }[] }>(
      "GET",
      `/rule-chains/${chain.id}/debug-events`,
    );
    expect(all.status).toBe(200);
    expect(all.body.data.map((e) => e.ts)).toEqual([6, 5, 4, 3, 2, 1]);
    expect(all.body.data[0]).toMatchObject({ nodeId: "alarm", error: "alarm service down", durationMs: 0.4 });
    expect(all.body.data[0]!.id).toMatch(/^\d+-\d+$/);
    const hot = await call<{ data: { nodeId: string; ts: number }[] }>(
      "GET",
      `/rule-chains/${chain.id}/debug-events?nodeId=hot&limit=2`,
    );
    expect(hot.body.data.map((e) => [e.nodeId, e.ts])).toEqual([
      ["hot", 5],
      ["hot", 3],
    ]);
    expect((await call("GET", `/rule-chains/${randomUUID()}/debug-events`)).status).toBe(404);
  });
});

describe("dead letters", () => {
  it("lists the tenant's dead letters and replays one onto its partition's rule-engine stream", async () => {
    const key = ruleEngineDeadLetters(admin.tenantId);
    const deviceId = randomUUID();
    const message = JSON.stringify({
      type: "POST_TELEMETRY_REQUEST",
      tenantId: admin.tenantId,
      deviceId,
      receivedAt: 1_733_500_000_000,
      data: { temperature: 99 },
    });
    const first = await h.deps.redis.xadd(
      key,
      "*",
      ...deadLetterFields({
        message,
        error: "webhook answered 503",
        attempts: 5,
        failedAt: 1_733_500_001_000,
        stream: ruleEngineStream(partitionOf(deviceId)),
      }),
    );
    const second = await h.deps.redis.xadd(
      key,
      "*",
      ...deadLetterFields({
        message: JSON.stringify({ type: "TO_SERVER_RPC_REQUEST", tenantId: admin.tenantId, deviceId }),
        error: "boom",
        attempts: 3,
        failedAt: 1_733_500_002_000,
      }),
    );

    const list = await call<
      Page<{ id: string; message: { deviceId: string }; error: string; attempts: number; failedAt: string }>
    >("GET", "/rule-engine/dead-letters");
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(2);
    expect(list.body.data.map((d) => d.id)).toEqual([second, first]);
    expect(list.body.data[1]).toMatchObject({
      id: first,
      error: "webhook answered 503",
      attempts: 5,
      failedAt: new Date(1_733_500_001_000).toISOString(),
      message: { deviceId, data: { temperature: 99 } },
    });
    const paged = await call<Page<{ id: string }>>("GET", "/rule-engine/dead-letters?page=2&pageSize=1");
    expect(paged.body.data.map((d) => d.id)).toEqual([first]);

    const stream = ruleEngineStream(partitionOf(deviceId));
    const replay = await call<{ stream: string; entryId: string }>("POST", `/rule-engine/dead-letters/${first}/replay`);
    expect(replay.status, JSON.stringify(replay.body)).toBe(200);
    expect(replay.body.stream).toBe(stream);
    const [entry] = await h.deps.redis.xrange(stream, replay.body.entryId, replay.body.entryId);
    // The entry format every producer writes: field "msgs", a JSON array of messages; the consumer's reader reads it.
    expect(entry![1][0]).toBe("msgs");
    const [replayed] = readRuleEngineEntry(entry![1]) as { deviceId: string; data: unknown; points: unknown[] }[];
    expect(replayed).toMatchObject({ deviceId, tenantId: admin.tenantId, data: { temperature: 99 } });
    expect(replayed!.points).toEqual([{ ts: 1_733_500_000_000, key: "temperature", type: "LONG", value: 99 }]);

    expect((await h.deps.redis.xrange(key, "-", "+")).map(([id]) => id)).toEqual([second]);
    expect((await call("POST", `/rule-engine/dead-letters/${first}/replay`)).status).toBe(404);
    expect((await call("POST", "/rule-engine/dead-letters/not-an-id/replay")).status).toBe(404);
    const audit = await h.deps.db.system.auditLog.findFirst({
      where: { tenantId: admin.tenantId, actionType: "RULE_ENGINE_REPLAY" },
    });
    expect(audit?.actionData).toMatchObject({ deadLetterId: first, stream });
  });

  it("answers 404 for another tenant's dead letter and leaves it in place", async () => {
    const other = await h.signup("other");
    const id = await h.deps.redis.xadd(
      ruleEngineDeadLetters(other.tenantId),
      "*",
      ...deadLetterFields({
        message: JSON.stringify({ deviceId: randomUUID() }),
        error: "x",
        attempts: 1,
        failedAt: Date.now(),
      }),
    );
    expect((await call("POST", `/rule-engine/dead-letters/${id}/replay`)).status).toBe(404);
    expect(await h.deps.redis.xlen(ruleEngineDeadLetters(other.tenantId))).toBe(1);
    const mine = await call<Page<{ id: string }>>("GET", "/rule-engine/dead-letters");
    expect(mine.body.data.map((d) => d.id)).not.toContain(id);
  });
});

describe("lag and the palette", () => {
  it("reports every partition's length, and the consumer group's pending entries and lag", async () => {
    const lag = await call<{
      group: string;
      partitions: { partition: number; stream: string; length: number; pending: number; lag: number | null }[];
    }>("GET", "/rule-engine/lag");
    expect(lag.status).toBe(200);
    expect(lag.body.group).toBe("rule-engine");
    expect(lag.body.partitions.map((p) => p.partition)).toEqual([...Array(RULE_ENGINE_PARTITIONS).keys()]);
    for (const p of lag.body.partitions) {
      expect(p.stream).toBe(ruleEngineStream(p.partition));
      expect(p.length).toBeGreaterThanOrEqual(0);
    }

    // The reading of XINFO GROUPS, on a stream of this test: 3 entries, 1 delivered and not acknowledged.
    const stream = `${h.deps.redisPrefix}lag-test`;
    expect(await streamGroupLag(h.deps.redis, stream, "g")).toMatchObject({
      length: 0,
      groupExists: false,
      pending: 0,
      lag: 0,
    });
    for (let i = 0; i < 3; i++) await h.deps.redis.xadd(stream, "*", "msgs", "[]");
    expect(await streamGroupLag(h.deps.redis, stream, "g")).toMatchObject({ length: 3, groupExists: false, lag: 0 });
    await h.deps.redis.xgroup("CREATE", stream, "g", "0");
    await h.deps.redis.xreadgroup("GROUP", "g", "worker-1", "COUNT", 1, "STREAMS", stream, ">");
    expect(await streamGroupLag(h.deps.redis, stream, "g")).toEqual({
      stream,
      length: 3,
      groupExists: true,
      pending: 1,
      lag: 2,
      consumers: 1,
    });
    await h.deps.redis.del(stream);
  });

  it("lists every node type with its relations and configuration schema", async () => {
    const palette = await call<{
      categories: string[];
      data: {
        type: string;
        category: string;
        title: string;
        relations: string[];
        configSchema: Record<string, unknown>;
      }[];
    }>("GET", "/rule-engine/node-types");
    expect(palette.status).toBe(200);
    const types = palette.body.data.map((n) => n.type);
    for (const type of [
      "filter.messageType",
      "filter.script",
      "filter.threshold",
      "transform.script",
      "action.createAlarm",
      "action.clearAlarm",
      "action.rpcReply",
      "action.saveTimeseries",
      "action.log",
      "external.webhook",
    ])
      expect(types).toContain(type);
    const threshold = palette.body.data.find((n) => n.type === "filter.threshold")!;
    expect(threshold).toMatchObject({ category: "filter", relations: ["True", "False", "Missing", "Failure"] });
    expect(threshold.configSchema).toMatchObject({
      type: "object",
      required: expect.arrayContaining(["key", "op", "value"]),
    });
    expect((threshold.configSchema.properties as Record<string, { enum?: string[] }>).op!.enum).toEqual([
      ">",
      ">=",
      "<",
      "<=",
      "==",
      "!=",
    ]);
    expect(palette.body.categories.indexOf(palette.body.data[0]!.category)).toBe(0);
    // A generator starts messages itself: the editor lets a chain begin with it.
    expect(palette.body.data.find((n) => n.type === "action.generator")).toMatchObject({ source: true });
    expect(palette.body.data.find((n) => n.type === "flow.chain")).toMatchObject({ category: "flow" });
    expect(palette.body.data.find((n) => n.type === "filter.threshold")).not.toHaveProperty("source");
  });
});

describe("a customer user", () => {
  it("is refused every rule-chain and rule-engine operation (tenant administrators only)", async () => {
    const customer = await call<{ id: string }>("POST", "/customers", { body: { title: "Customer" } });
    const viewer = await createUser(h.deps.db.system, {
      tenantId: admin.tenantId,
      customerId: customer.body.id,
      role: "CUSTOMER_USER",
      password: "viewer password 1",
    });
    const cookie = (
      await h.call("POST", "/api/v1/auth/login", { body: { email: viewer.email, password: "viewer password 1" } })
    ).sessionCookie!;
    const chain = await create("Admins only");
    for (const [method, path, body] of [
      ["GET", "/rule-chains"],
      ["GET", `/rule-chains/${chain.id}`],
      ["POST", "/rule-chains", { name: "x", ...thresholdChain() }],
      ["POST", "/rule-chains/test-script", { script: "return 1;", msg: {} }],
      ["GET", `/rule-chains/${chain.id}/debug-events`],
      ["GET", "/rule-engine/dead-letters"],
      ["GET", "/rule-engine/lag"],
      ["GET", "/rule-engine/node-types"],
    ] as const) {
      const result = await h.call(method, `/api/v1${path}`, { cookie, body });
      expect(result.status, `${method} ${path}`).toBe(403);
    }
  });
});
