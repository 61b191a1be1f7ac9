import { Counter } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { createProcessRegistry, processMetrics, serveMetrics, type MetricsServer } from "../src/index.ts";

const servers: MetricsServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe("GET /metrics", () => {
  it("answers Prometheus text with the process's metrics and its own", async () => {
    const registry = createProcessRegistry();
    new Counter({ name: "industryos_test_things_total", help: "things", registers: [registry] }).inc(3);
    const server = await serveMetrics(0, "127.0.0.1", processMetrics(registry));
    servers.push(server);
    const res = await fetch(`http://127.0.0.1:${server.port}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    expect(text).toContain("industryos_test_things_total 3");
    expect(text).toContain("process_resident_memory_bytes");
  });

  it("answers 404 elsewhere and 405 for other methods", async () => {
    const server = await serveMetrics(0, "127.0.0.1", processMetrics(createProcessRegistry()));
    servers.push(server);
    expect((await fetch(`http://127.0.0.1:${server.port}/`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${server.port}/metrics`, { method: "POST" })).status).toBe(405);
  });
});
