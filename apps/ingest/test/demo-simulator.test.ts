import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoTenant } from "@industryos/db";
import { createTelemetryStore } from "@industryos/db/telemetry";
import { createLogger } from "@industryos/runtime";
import { startDemoSimulator } from "../src/simulator/demo-simulator.ts";
import { startHarness, waitFor, type Harness } from "./harness.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ redisDb: 9 });
});
afterAll(async () => {
  await h?.close();
});

describe("demo simulator", () => {
  it("stops at once while still waiting for the demo tenant to be seeded", async () => {
    const simulator = startDemoSimulator({
      system: h.db.system,
      mqttPort: h.ingest.ports.mqtt,
      logger: createLogger("sim-test", "silent"),
    });
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    await simulator.stop();
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("publishes plausible telemetry for the demo tenant's devices through MQTT", async () => {
    const demo = await seedDemoTenant(h.db, { password: "demo-password-1" });
    const simulator = startDemoSimulator({
      system: h.db.system,
      mqttPort: h.ingest.ports.mqtt,
      intervalMs: 100,
      logger: createLogger("sim-test", "silent"),
    });
    try {
      const store = createTelemetryStore(h.db);
      const first = demo.devices[0]!;
      const latest = await waitFor(async () => {
        const values = await store.latest(demo.tenantId, first.id);
        return values.temperature ? values : null;
      }, 15_000);
      expect(Object.keys(latest).sort()).toEqual(["humidity", "power", "pressure", "running", "temperature"]);
      expect(latest.temperature!.value.value).toBeGreaterThan(0);
      expect(latest.temperature!.value.value).toBeLessThan(60);
    } finally {
      await simulator.stop();
    }
  });
});
