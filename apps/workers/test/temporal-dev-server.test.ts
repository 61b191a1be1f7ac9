import { join } from "node:path";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import type { WorkflowHandle } from "@temporalio/client";
import { TestWorkflowEnvironment } from "@temporalio/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// Relative until @industryos/devstack's index re-exports ./temporal.ts.
import { freePort, startTemporalDevServer, type TemporalDevServer } from "@industryos/devstack";
import { TASK_QUEUE } from "../src/temporal/shared.ts";
import { createWorker } from "../src/temporal/worker.ts";
import { deviceInactivityWorkflow } from "../src/temporal/workflows.ts";
import { InMemoryDeviceStore } from "./support/in-memory-devices.ts";
import { INSTALL_TIMEOUT_MS, quietTemporalLogs } from "./support/temporal.ts";

/** The real Temporal server (the CLI's dev server, SQLite-backed) running our worker. */
describe("Temporal dev server", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "industryos-temporal-"));
  const dbFile = join(dataDir, "temporal.db");
  let port: number;
  let server: TemporalDevServer;
  let env: TestWorkflowEnvironment;

  async function connect() {
    server = await startTemporalDevServer({ port, dbFile, log: () => {} });
    env = await TestWorkflowEnvironment.createFromExistingServer({ address: server.address });
  }

  async function disconnect() {
    await env?.teardown();
    await server?.stop();
  }

  beforeAll(async () => {
    quietTemporalLogs();
    port = await freePort();
    await connect();
  }, INSTALL_TIMEOUT_MS);

  afterAll(async () => {
    await disconnect();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Resolves once the workflow has scheduled its timer, i.e. its silence window has begun. */
  async function timerStarted(handle: WorkflowHandle) {
    for (;;) {
      const history = await handle.fetchHistory();
      if (history.events?.some((e) => e.timerStartedEventAttributes)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it("marks a silent device inactive after the timeout", async () => {
    const devices = new InMemoryDeviceStore();
    devices.addDevice("tenant-a", "dev-1", new Date("2026-01-01T00:00:00Z"));
    const worker = await createWorker({ connection: env.nativeConnection, deps: { devices } });

    const result = await worker.runUntil(
      env.client.workflow.execute(deviceInactivityWorkflow, {
        args: [{ tenantId: "tenant-a", deviceId: "dev-1", timeoutMs: 1_000 }],
        taskQueue: TASK_QUEUE,
        workflowId: `inactivity-silent-${Date.now()}`,
      }),
    );

    expect(result).toMatchObject({ tenantId: "tenant-a", deviceId: "dev-1", markedInactive: true });
    expect(result.lastSeenAt).toBe("2026-01-01T00:00:00.000Z");
    expect(Date.parse(result.checkedAt) - Date.parse(result.idleSince)).toBeGreaterThanOrEqual(1_000);
    expect(devices.calls).toEqual([{ tenantId: "tenant-a", deviceId: "dev-1", since: new Date(result.idleSince) }]);
    expect(devices.isActive("tenant-a", "dev-1")).toBe(false);
  }, 60_000);

  it("leaves a device active when it reports during the window", async () => {
    const devices = new InMemoryDeviceStore();
    devices.addDevice("tenant-a", "dev-2", null);
    const worker = await createWorker({ connection: env.nativeConnection, deps: { devices } });

    const result = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(deviceInactivityWorkflow, {
        args: [{ tenantId: "tenant-a", deviceId: "dev-2", timeoutMs: 2_000 }],
        taskQueue: TASK_QUEUE,
        workflowId: `inactivity-reporting-${Date.now()}`,
      });
      await timerStarted(handle);
      devices.recordSeen("tenant-a", "dev-2", new Date());
      return handle.result();
    });

    expect(result.markedInactive).toBe(false);
    expect(devices.calls).toHaveLength(1);
    expect(devices.isActive("tenant-a", "dev-2")).toBe(true);
  }, 60_000);

  it("keeps a running workflow across a server restart (SQLite state file)", async () => {
    const workflowId = `inactivity-restart-${Date.now()}`;
    await env.client.workflow.start(deviceInactivityWorkflow, {
      args: [{ tenantId: "tenant-b", deviceId: "dev-3", timeoutMs: 1_000 }],
      taskQueue: TASK_QUEUE,
      workflowId,
    });
    await disconnect();
    await connect();

    const devices = new InMemoryDeviceStore();
    devices.addDevice("tenant-b", "dev-3", null);
    const worker = await createWorker({ connection: env.nativeConnection, deps: { devices } });
    const result = await worker.runUntil(env.client.workflow.getHandle(workflowId).result());

    expect(result).toMatchObject({ tenantId: "tenant-b", deviceId: "dev-3", markedInactive: true, lastSeenAt: null });
    expect(devices.calls).toHaveLength(1);
  }, 60_000);
});
