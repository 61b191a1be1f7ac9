import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseConfig } from "@industryos/config";
import { planCluster, tierCountsFromArgs } from "../src/cluster/cluster-plan.ts";
import { haproxyConfig } from "../src/cluster/haproxy-config.ts";
import { writeHaproxyConfig } from "../src/cluster/haproxy-process.ts";

// The parts of `npm run cluster` that need no running nodes: who gets which ports, and the
// HAProxy configuration, which HAProxy itself must accept (`haproxy -c`).
describe("cluster plan", () => {
  it("gives every node ports of its own and keeps the public ones for HAProxy and ingest-1's UDP", async () => {
    const config = parseConfig({});
    const plan = await planCluster(config, { web: 2, ingest: 3, workers: 2 });
    expect(plan.nodes.map((n) => n.name)).toEqual([
      "ingest-1",
      "ingest-2",
      "ingest-3",
      "workers-1",
      "workers-2",
      "web-1",
      "web-2",
    ]);
    const tcpPorts = plan.nodes.flatMap((n) =>
      Object.entries(n.env)
        .filter(([name]) => name.endsWith("_PORT") && name !== "COAP_PORT" && name !== "LWM2M_PORT")
        .map(([, port]) => Number(port)),
    );
    expect(new Set(tcpPorts).size, "no two nodes share a port").toBe(tcpPorts.length);
    for (const pub of [config.WEB_PORT, config.MQTT_PORT, config.MQTT_WS_PORT, config.INGEST_HTTP_PORT]) {
      expect(tcpPorts).not.toContain(pub);
    }
    const ingest = plan.nodes.filter((n) => n.tier === "ingest");
    expect(ingest[0]!.env).toMatchObject({
      COAP_PORT: String(config.COAP_PORT),
      LWM2M_PORT: String(config.LWM2M_PORT),
    });
    expect(ingest[1]!.env.COAP_PORT).not.toBe(String(config.COAP_PORT));
    expect(ingest.map((n) => n.env.DEMO_SIMULATOR)).toEqual([undefined, "false", "false"]);
    expect(plan.nodes.filter((n) => n.tier === "web").every((n) => n.env.WEB_TRUST_PROXY === "true")).toBe(true);
  });

  it("writes a configuration HAProxy accepts, with MQTT over TLS only when a certificate is configured", async () => {
    const log = () => {};
    for (const tls of [false, true]) {
      const config = parseConfig(tls ? { MQTT_TLS_CERT_FILE: "/c.pem", MQTT_TLS_KEY_FILE: "/k.pem" } : {});
      const plan = await planCluster(config);
      const files = writeHaproxyConfig(haproxyConfig(plan, { ingestHost: "127.0.0.1" }), log);
      try {
        const text = readFileSync(files.configFile, "utf8");
        expect(text).toContain(`bind 0.0.0.0:${config.WEB_PORT}`);
        expect(text).toContain(`bind 127.0.0.1:${config.MQTT_PORT}`);
        expect(text.includes("frontend mqtt-tls"), `TLS ${tls}`).toBe(tls);
        const ingest1 = plan.ingest[0]!;
        expect(text).toContain(
          `server ingest-1 127.0.0.1:${ingest1.mqtt} check inter 1000ms fall 2 rise 2 port ${ingest1.http}`,
        );
        expect(text).not.toMatch(/udp/i);
      } finally {
        files.remove();
      }
    }
  });

  it("reads node counts from the command line and refuses nonsense", () => {
    expect(tierCountsFromArgs(["--cluster"])).toEqual({ web: 2, ingest: 2, workers: 2 });
    expect(tierCountsFromArgs(["--cluster", "--ingest", "3", "--workers", "1"])).toEqual({
      web: 2,
      ingest: 3,
      workers: 1,
    });
    expect(() => tierCountsFromArgs(["--web", "0"])).toThrow("--web takes a number of nodes from 1 to 16, got 0");
    expect(() => tierCountsFromArgs(["--ingest"])).toThrow("got nothing");
  });
});
