import type { AddressInfo } from "node:net";
import { createLogger } from "@industryos/runtime";
import { describe, expect, it } from "vitest";
import { createWebServer } from "../src/server/http-server.ts";

/** What address the API sees (login rate limits key on it) with and without a trusted proxy. */
async function addressSeen(trustProxy: boolean): Promise<string | undefined> {
  let seen: string | undefined;
  const server = createWebServer({
    logger: createLogger("client-address-test", "silent"),
    publicUrl: "http://localhost",
    trustProxy,
    health: {},
    api: {
      rest: async (_request, client) => {
        seen = client.ipAddress;
        return new Response(null, { status: 204 });
      },
      trpc: async () => new Response(null, { status: 404 }),
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = server.address() as AddressInfo;
    await fetch(`http://127.0.0.1:${port}/api/v1/auth/me`, { headers: { "x-forwarded-for": "203.0.113.9, 10.0.0.1" } });
    return seen;
  } finally {
    server.close();
  }
}

describe("client address", () => {
  it("ignores X-Forwarded-For unless a proxy is trusted", async () => {
    expect(await addressSeen(false)).toMatch(/127\.0\.0\.1$/);
    expect(await addressSeen(true)).toBe("203.0.113.9");
  });
});
