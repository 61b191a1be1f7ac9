import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Redis } from "ioredis";
import type { DatabaseClients } from "@industryos/db";
import { createTenant, createDevice } from "@industryos/db/testing";
import type { PlatformEvent } from "@industryos/device-protocol";
import { sweepInactiveDevices } from "../src/rules/inactivity-sweep.ts";
import { closeTestDatabase, logger, testDatabase, testRedis } from "./support/rule-engine.ts";

// Redis database 63 is this file's.
let db: DatabaseClients;
let redis: Redis;
beforeAll(async () => {
  db = await testDatabase();
  redis = await testRedis(63);
});
afterAll(async () => {
  redis?.disconnect();
  await closeTestDatabase();
});

const MINUTE = 60_000;

describe("the inactivity sweep", () => {
  it("announces each device once when its last report turns 10 minutes old, from one process of several", async () => {
    const t0 = Date.UTC(2026, 11, 7, 12, 0, 0);
    const tenant = await createTenant(db.system);
    const quiet = (await createDevice(db.system, { tenantId: tenant.id })).device;
    const chatty = (await createDevice(db.system, { tenantId: tenant.id })).device;
    await db.system.device.update({ where: { id: quiet.id }, data: { lastActivityAt: new Date(t0) } });
    await db.system.device.update({ where: { id: chatty.id }, data: { lastActivityAt: new Date(t0 + 8 * MINUTE) } });

    const announced: PlatformEvent[] = [];
    const sweep = (at: number) =>
      sweepInactiveDevices({
        db,
        redis,
        events: async (events) => void announced.push(...(events as PlatformEvent[])),
        logger,
        intervalMs: MINUTE,
        now: () => at,
      });

    // First sweep: 9 minutes of silence, nobody yet (it looks one interval back).
    await sweep(t0 + 9 * MINUTE);
    expect(announced).toEqual([]);
    // Two processes at the same moment, 10.5 minutes after the quiet device's last report: one sweeps.
    await redis.del("rule-engine:inactivity-sweep");
    await Promise.all([sweep(t0 + 10.5 * MINUTE), sweep(t0 + 10.5 * MINUTE)]);
    expect(announced.map((e) => [e.msgType, e.originatorId])).toEqual([["INACTIVITY_EVENT", quiet.id]]);
    expect(JSON.parse(announced[0]!.data)).toMatchObject({ active: false, lastActivityTime: t0 });
    // Later sweeps do not repeat it; the chatty device's silence comes in its turn.
    await redis.del("rule-engine:inactivity-sweep");
    await sweep(t0 + 19 * MINUTE);
    expect(announced.map((e) => e.originatorId)).toEqual([quiet.id, chatty.id]);
    await redis.del("rule-engine:inactivity-sweep");
    await sweep(t0 + 30 * MINUTE);
    expect(announced).toHaveLength(2);
  });
});
