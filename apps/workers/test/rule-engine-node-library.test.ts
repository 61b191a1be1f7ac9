import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Redis } from "ioredis";
import type { DatabaseClients } from "@industryos/db";
import { createAsset, createTenant } from "@industryos/db/testing";
import type { RuleChainDefinition } from "@industryos/rules";
import type { RunningRuleEngine } from "../src/rules/rule-engine.ts";
import {
  append,
  closeTestDatabase,
  engine,
  pendingEntries,
  telemetry,
  tenantWithChain,
  testDatabase,
  testRedis,
  waitFor,
} from "./support/rule-engine.ts";

// Redis database 49 is this file's.
const REDIS_DB = 49;
let db: DatabaseClients;
let redis: Redis;
let ruleEngine: RunningRuleEngine;

beforeAll(async () => {
  db = await testDatabase();
  redis = await testRedis(REDIS_DB);
});
afterAll(async () => {
  await ruleEngine?.stop();
  redis?.disconnect();
  await closeTestDatabase();
});

/**
 * A meter's chain built from the node library: switch on the device's profile, relate the device
 * to its building, enrich from the building, the device's fields and attributes, compute the
 * consumption since the stored reading, rename, copy enrichment into the data, save both.
 */
const meterChain = (assetId: string, profileName: string): RuleChainDefinition => ({
  nodes: [
    { id: "profile", type: "filter.deviceProfile", config: {} },
    {
      id: "relate",
      type: "action.createRelation",
      config: { direction: "TO", relationType: "Contains", entityType: "ASSET", entityId: assetId },
    },
    {
      id: "building",
      type: "enrich.relatedEntityData",
      config: { direction: "TO", relationType: "Contains", mapping: [{ from: "building", to: "building" }] },
    },
    { id: "fields", type: "enrich.originatorFields", config: { fields: ["name", "profileName"] } },
    { id: "attributes", type: "enrich.originatorAttributes", config: { serverKeys: ["floor"] } },
    {
      id: "delta",
      type: "enrich.delta",
      config: { inputKey: "counter", outputKey: "consumed", periodKey: "periodMs" },
    },
    { id: "rename", type: "transform.renameKeys", config: { renames: [{ from: "consumed", to: "energy" }] } },
    {
      id: "copy",
      type: "transform.copyKeys",
      config: { keys: ["building", "originatorName", "ss_floor"], from: "metadata", to: "data" },
    },
    { id: "save", type: "action.saveTimeseries", config: {} },
    { id: "saveAttributes", type: "action.saveAttributes", config: { scope: "SERVER" } },
    { id: "other", type: "action.log", config: {} },
  ],
  connections: [
    { from: "input", to: "profile", relation: "Success" },
    { from: "profile", to: "relate", relation: profileName },
    { from: "profile", to: "other", relation: "Other profiles" },
    { from: "relate", to: "building", relation: "Success" },
    { from: "building", to: "fields", relation: "Success" },
    { from: "fields", to: "attributes", relation: "Success" },
    { from: "attributes", to: "delta", relation: "Success" },
    { from: "delta", to: "rename", relation: "Success" },
    { from: "rename", to: "copy", relation: "Success" },
    { from: "copy", to: "save", relation: "Success" },
    { from: "save", to: "saveAttributes", relation: "Success" },
  ],
});

describe("the node library against PostgreSQL and Redis", () => {
  it("relates, enriches, computes a delta from stored telemetry and saves, within the tenant", async () => {
    // Another tenant's asset with the same attribute: nothing of it may reach the chain.
    const stranger = await createTenant(db.system);
    const strangerAsset = await createAsset(db.system, { tenantId: stranger.id });
    await db.system.attribute.create({
      data: {
        tenantId: stranger.id,
        entityType: "ASSET",
        entityId: strangerAsset.id,
        scope: "SERVER",
        key: "building",
        stringValue: "not yours",
      },
    });

    const placeholder = await tenantWithChain(db, { nodes: [], connections: [] });
    const tenantId = placeholder.tenantId;
    const meter = placeholder.devices[0]!;
    const profile = await db.system.deviceProfile.findUniqueOrThrow({ where: { id: meter.deviceProfileId } });
    const asset = await createAsset(db.system, { tenantId, name: "Building B1" });
    await db.system.attribute.createMany({
      data: [
        { tenantId, entityType: "ASSET", entityId: asset.id, scope: "SERVER", key: "building", stringValue: "B1" },
        { tenantId, entityType: "DEVICE", entityId: meter.id, scope: "SERVER", key: "floor", longValue: 3 },
      ],
    });
    await db.system.ruleChain.update({
      where: { id: placeholder.chainId },
      data: { configuration: meterChain(asset.id, profile.name) as never },
    });

    ruleEngine = engine(db, redis);
    const t0 = Date.now() - 60_000;
    await append(redis, [telemetry(tenantId, meter.id, { counter: 100 }, t0)]);
    const tenantAttribute = async (key: string) =>
      db.forTenant(tenantId).attribute.findFirst({ where: { entityId: meter.id, scope: "SERVER", key } });
    await waitFor(async () => (await tenantAttribute("energy")) !== null);
    await append(redis, [telemetry(tenantId, meter.id, { counter: 130.5 }, t0 + 30_000)]);
    await waitFor(async () => (await tenantAttribute("counter"))?.doubleValue === 130.5);
    await waitFor(async () => (await pendingEntries(redis)) === 0);

    const attributes = await db.forTenant(tenantId).attribute.findMany({
      where: { entityId: meter.id, scope: "SERVER" },
      orderBy: { key: "asc" },
    });
    const values = Object.fromEntries(
      attributes.map((a) => [
        a.key,
        a.stringValue ?? a.doubleValue ?? (a.longValue === null ? null : Number(a.longValue)),
      ]),
    );
    expect(values).toEqual({
      building: "B1",
      counter: 130.5,
      energy: 30.5,
      floor: 3,
      originatorName: meter.name,
      periodMs: 30_000,
      ss_floor: "3",
    });
    // The relation was created once, although two messages asked for it.
    const relations = await db.forTenant(tenantId).entityRelation.findMany({ where: { toId: meter.id } });
    expect(relations).toMatchObject([{ fromId: asset.id, fromType: "ASSET", type: "Contains" }]);
  });
});
