import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendServerRpc } from "@industryos/device-bus";
import { createLogger } from "@industryos/runtime";
import { startIngestFromConfig } from "../src/app.ts";
import { newDevice, startHarness, waitFor, type Harness } from "./harness.ts";

const HOUR = 3_600_000;

describe("RPC expiry at start-up", () => {
  let h: Harness;
  beforeAll(async () => {
    // A sweep interval no test waits for: what is expired here was expired at start-up.
    h = await startHarness({ redisDb: 17, rpcExpirySweepMs: HOUR });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("marks RPCs that went overdue while ingest was down before it lets devices in", async () => {
    const { device } = await newDevice(h);
    const overdue = await sendServerRpc(h.db.system, h.redis, {
      tenantId: h.tenantId,
      deviceId: device.id,
      method: "stale",
      timeoutMs: 1,
    });
    const current = await sendServerRpc(h.db.system, h.redis, {
      tenantId: h.tenantId,
      deviceId: device.id,
      method: "reboot",
      timeoutMs: HOUR,
    });
    await new Promise((r) => setTimeout(r, 20));
    const status = async (requestId: number) =>
      (await h.db.system.rpcRequest.findFirstOrThrow({ where: { deviceId: device.id, requestId } })).status;
    // The running process swept once when it started, before these existed, and not since.
    expect(await status(overdue)).toBe("QUEUED");

    const restarted = await startIngestFromConfig(
      h.config,
      { app: h.database.appUrl, system: h.database.systemUrl },
      createLogger("ingest-test", "warn"),
      { rpcExpirySweepMs: HOUR },
    );
    try {
      // Only its start-up sweep can do this: its next one is an hour away. (Start-up waits for
      // the sweep up to a few seconds; on a very busy machine it may finish just after.)
      await waitFor(async () => (await status(overdue)) === "EXPIRED");
      expect(await status(current)).toBe("QUEUED");
    } finally {
      await restarted.close();
    }
  });
});
