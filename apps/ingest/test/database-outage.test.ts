import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPostgres } from "@industryos/devstack";
import { connectMqtt, newDevice, startHarness, waitFor, type Harness } from "./harness.ts";
import { restartableService, type RestartableService } from "./restartable-service.ts";
import { publishSequence, storedSequence } from "./sequence-publisher.ts";

// A throwaway PostgreSQL cluster of this file's own, stopped and restarted mid-stream (the
// shared test cluster is never touched).
let postgres: RestartableService;
let h: Harness;

beforeAll(async () => {
  postgres = await restartableService("outage-pg-", (where) =>
    startPostgres({ ...where, ephemeral: true, log: () => undefined }),
  );
  h = await startHarness({
    redisDb: 8,
    databaseUrl: postgres.url,
    overrides: { INGEST_WRITE_TIMEOUT_MS: 60_000, INGEST_BATCH_LINGER_MS: 2 },
  });
}, 180_000);

afterAll(async () => {
  await h?.close().catch(() => undefined);
  await postgres?.dispose();
}, 60_000);

describe("PostgreSQL stopped mid-stream", () => {
  it("acknowledges nothing while the database is down, resumes after, and stores everything it acknowledged", async () => {
    const { device, accessToken } = await newDevice(h);
    const client = await connectMqtt(h.ingest.ports.mqtt, { username: accessToken });
    const publisher = publishSequence(client);
    const { acked } = publisher;

    await waitFor(async () => acked.length >= 50, 30_000);
    await postgres.stop();
    const stoppedAt = Date.now();
    await new Promise((r) => setTimeout(r, 3500));
    const health = await fetch(`http://127.0.0.1:${h.ingest.ports.http}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ failing: ["postgres"] });
    // A commit that finished just before the stop may still be acknowledged a moment later
    // (the grace is generous for a loaded CI machine).
    const ackedWhileDown = acked.filter((a) => a.at > stoppedAt + 1000);
    expect(ackedWhileDown).toEqual([]);
    const publishedWhileDown = publisher.published;

    await postgres.start();
    const restartedAt = Date.now();
    await waitFor(async () => acked.some((a) => a.at >= restartedAt && a.seq > publishedWhileDown), 30_000);
    await publisher.stop();
    await waitFor(async () => acked.length === publisher.published, 30_000);
    await client.endAsync();

    const storedSeqs = await storedSequence(h, device.id);
    const missing = acked.filter((a) => !storedSeqs.has(a.seq));
    expect(missing).toEqual([]);
    expect(acked.length).toBeGreaterThan(publishedWhileDown - 50);
  }, 120_000);
});
