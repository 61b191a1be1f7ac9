import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedisCluster, type RunningRedisCluster } from "@industryos/devstack";
import {
  allNodes,
  createRedisClient,
  crossSlotBatch,
  duplicateRedisClient,
  isRedisCluster,
  keyHoldingNodes,
  scanKeys,
  type RedisClient,
} from "../src/index.ts";

// A three-master cluster of this file's own: what the helpers are for only shows with keys on several nodes.
let dataDir: string;
let cluster: RunningRedisCluster;
let client: RedisClient;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "industryos-runtime-cluster-"));
  cluster = await startRedisCluster({ dataDir });
  client = createRedisClient({ url: cluster.url, clusterNodes: cluster.nodes }, { maxRetriesPerRequest: 1 });
}, 60_000);

afterAll(async () => {
  client?.disconnect();
  await cluster?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const keys = Array.from({ length: 30 }, (_, i) => `helpers:key:${i}`);

describe("Redis Cluster helpers", () => {
  it("connects through Cluster when nodes are named, and refuses a database other than 0", () => {
    expect(isRedisCluster(client)).toBe(true);
    expect(() => createRedisClient({ url: "redis://127.0.0.1:1/3", clusterNodes: cluster.nodes })).toThrow(
      /only database 0/,
    );
    const single = createRedisClient("redis://127.0.0.1:1", { lazyConnect: true });
    expect(isRedisCluster(single)).toBe(false);
    single.disconnect();
  });

  it("writes a batch over many slots where a plain cluster pipeline refuses it, answering each command in order", async () => {
    await expect(client.pipeline().set(keys[0]!, "x").set(keys[1]!, "y").set(keys[2]!, "z").exec()).rejects.toThrow(
      /same slot/,
    );
    const batch = crossSlotBatch(client);
    for (const key of keys) batch.set(key, key.toUpperCase());
    batch.incr(keys[0]!); // not a number: its error stays in its place
    batch.get(keys[29]!);
    const results = await batch.exec();
    expect(results).toHaveLength(32);
    expect(results!.slice(0, 30).every(([error, reply]) => error === null && reply === "OK")).toBe(true);
    expect(String(results![30]![0])).toMatch(/not an integer/);
    expect(results![31]).toEqual([null, "HELPERS:KEY:29"]);
  });

  it("SCANs every master: the keys lie on all three, and every one is listed once", async () => {
    const masters = keyHoldingNodes(client);
    expect(masters).toHaveLength(3);
    const perNode = await Promise.all(masters.map((node) => node.dbsize()));
    expect(perNode.every((count) => count > 0)).toBe(true);
    const listed: string[] = [];
    for await (const page of scanKeys(client, "helpers:key:*", 5)) listed.push(...page);
    expect(listed.sort()).toEqual([...keys].sort());
  });

  it("a duplicate subscribes; PUBSUB CHANNELS over all nodes finds it and a publish anywhere reaches it", async () => {
    const subscriber = duplicateRedisClient(client);
    try {
      const received = new Promise<string>((resolve) => subscriber.once("message", (_channel, text) => resolve(text)));
      await subscriber.subscribe("helpers:channel");
      const listings = await Promise.all(
        allNodes(client).map((node) => node.call("PUBSUB", "CHANNELS", "helpers:*") as Promise<string[]>),
      );
      expect(listings.flat()).toEqual(["helpers:channel"]);
      await client.publish("helpers:channel", "hello");
      expect(await received).toBe("hello");
    } finally {
      subscriber.disconnect();
    }
  });
});
