import { afterEach, describe, expect, it, vi } from "vitest";
import { parseConfig } from "@industryos/config";
import { printBanner } from "../src/banner.ts";

// What `npm start` prints once everything answers; the full run is stack.test.ts, this is the text alone.
function bannerFor(env: Record<string, string>): string {
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  printBanner(parseConfig({ DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/industryos", ...env }), {
    mode: "production",
  });
  return log.mock.calls.map((args) => args.join(" ")).join("\n");
}

afterEach(() => vi.restoreAllMocks());

describe("the start banner", () => {
  it("lists the LwM2M server's UDP port beside the other device protocols, and says when it is off", () => {
    expect(bannerFor({})).toMatch(/LwM2M devices\s+coap:\/\/localhost:5685\s/);
    expect(bannerFor({ LWM2M_PORT: "15685" })).toMatch(/LwM2M devices\s+coap:\/\/localhost:15685\s/);
    expect(bannerFor({ LWM2M_PORT: "0" })).toMatch(/LwM2M devices\s+off \(LWM2M_PORT=0\)/);
  });

  it("says that webhooks may reach private networks, and how to turn it off, when they may", () => {
    const banner = bannerFor({ WEBHOOKS_ALLOW_PRIVATE_NETWORKS: "true" });
    expect(banner).toMatch(
      /Webhooks\s+may reach private and loopback addresses \(WEBHOOKS_ALLOW_PRIVATE_NETWORKS=true\); set it to false to refuse them/,
    );
  });

  it("names the Redis Cluster's nodes when REDIS_CLUSTER_NODES is set, else REDIS_URL's server", () => {
    expect(bannerFor({ REDIS_CLUSTER_NODES: "10.0.0.1:6379, 10.0.0.2:6379" })).toMatch(
      /Redis 10\.0\.0\.1:6379,10\.0\.0\.2:6379$/m,
    );
    expect(bannerFor({ REDIS_URL: "redis://redis.internal:6379" })).toMatch(/Redis redis\.internal:6379$/m);
  });

  it("says nothing of it when they may not (a deployment's default)", () => {
    expect(bannerFor({ WEBHOOKS_ALLOW_PRIVATE_NETWORKS: "false" })).not.toContain("WEBHOOKS_ALLOW_PRIVATE_NETWORKS");
  });
});
