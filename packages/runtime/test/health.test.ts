import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startHealthServer } from "../src/index.ts";

const servers: { close: () => void }[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

async function get(checks: Parameters<typeof startHealthServer>[1], path = "/healthz") {
  const server = await startHealthServer(0, checks, "127.0.0.1");
  servers.push(server);
  const { port } = server.address() as AddressInfo;
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("health endpoint", () => {
  it("answers 200 when every dependency answers", async () => {
    const { status, body } = await get({ postgres: async () => 1, redis: async () => "PONG" });
    expect(status).toBe(200);
    expect(body.status).toBe("ok");
  });

  it("answers 503 and names the failing dependency", async () => {
    const { status, body } = await get({
      postgres: async () => 1,
      redis: async () => {
        throw new Error("connect ECONNREFUSED 127.0.0.1:6379");
      },
    });
    expect(status).toBe(503);
    expect(body.failing).toEqual(["redis"]);
    expect((body.checks as Record<string, { error?: string }>).redis?.error).toContain("ECONNREFUSED");
  });

  it("answers 404 with a JSON body for other paths", async () => {
    const { status, body } = await get({}, "/other");
    expect(status).toBe(404);
    expect(body.error).toBeDefined();
  });
});
