// The container images, checked without a Docker engine: each Dockerfile is parsed and its final stage
// compared with the app it packages (user, health check, base image, ports, workspace folders, command).
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import { parseConfig, type Config } from "@industryos/config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { finalStageFacts, isNonRootUser, isPinnedNodeImage } from "../src/deploy/dockerfile-facts.ts";
import { productionWorkspaceDirs } from "../src/deploy/workspace-closure.ts";
import { repoRoot } from "../src/paths.ts";

const defaults = parseConfig({});
const HEALTHCHECK_SCRIPT = "/usr/local/lib/industryos/healthcheck.mjs";

/** Per app: the variable its /healthz port comes from, and the ports (config variables) it must EXPOSE. */
const apps: { app: string; dir: string; healthPort: keyof Config; tcp: (keyof Config)[]; udp: (keyof Config)[] }[] = [
  { app: "web", dir: "apps/web", healthPort: "WEB_PORT", tcp: ["WEB_PORT", "WEB_METRICS_PORT"], udp: [] },
  {
    app: "ingest",
    dir: "apps/ingest",
    healthPort: "INGEST_HTTP_PORT",
    tcp: ["MQTT_PORT", "MQTT_TLS_PORT", "MQTT_WS_PORT", "INGEST_HTTP_PORT", "INGEST_METRICS_PORT"],
    udp: ["COAP_PORT", "LWM2M_PORT"],
  },
  {
    app: "workers",
    dir: "apps/workers",
    healthPort: "WORKERS_HEALTH_PORT",
    tcp: ["WORKERS_HEALTH_PORT", "WORKERS_METRICS_PORT"],
    udp: [],
  },
];

describe.each(apps)("the $app image (deploy/docker/)", ({ app, dir, healthPort, tcp, udp }) => {
  const text = readFileSync(join(repoRoot, "deploy/docker", `${app}.Dockerfile`), "utf8");
  const facts = finalStageFacts(text);

  it("runs on an exact Node 20 release in every stage", () => {
    expect(isPinnedNodeImage(facts.baseImage, 20), facts.baseImage).toBe(true);
    expect(facts.stageNames).toEqual(["prune", "deps", "build", "runtime"]);
  });

  it("runs as a user other than root", () => {
    expect(isNonRootUser(facts.user), `USER ${facts.user}`).toBe(true);
  });

  it("checks its health on the port the app serves /healthz on", () => {
    expect(facts.healthcheck).toEqual(["node", HEALTHCHECK_SCRIPT, healthPort, String(defaults[healthPort])]);
  });

  it("exposes the app's ports at their configured defaults", () => {
    for (const port of tcp) expect(facts.exposed, port).toContain(String(defaults[port]));
    for (const port of udp) expect(facts.exposed, port).toContain(`${String(defaults[port])}/udp`);
  });

  it("carries exactly the workspace folders the app needs at run time", () => {
    const copied = facts.copiedFromStages
      .map((path) => path.replace(/^\/app\//, ""))
      .filter((path) => /^(apps|packages)\//.test(path))
      .sort();
    expect(copied).toEqual(productionWorkspaceDirs(repoRoot, `@industryos/${app}`));
  });

  it("starts the app as its package's start script does", () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, dir, "package.json"), "utf8")) as {
      scripts: { start: string };
    };
    const words = manifest.scripts.start.split(/\s+/);
    const entry = words.at(-1)!;
    expect(facts.cmd).toEqual([...words.slice(0, -1), `${dir}/${entry}`]);
  });
});

describe("deploy/docker/healthcheck.mjs", () => {
  let server: Server;
  let status = 200;
  let port = 0;
  const script = join(repoRoot, "deploy/docker/healthcheck.mjs");
  const run = (env: Record<string, string>, args: string[]) =>
    promisify(execFile)(process.execPath, [script, ...args], { env: { ...process.env, ...env } }).then(
      () => 0,
      (error: { code?: number }) => error.code ?? -1,
    );

  beforeAll(async () => {
    server = createServer((req, res) => {
      res.writeHead(req.url === "/healthz" ? status : 404).end("{}");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it("passes while /healthz answers 200 on the port the variable names", async () => {
    status = 200;
    expect(await run({ TEST_HEALTH_PORT: String(port) }, ["TEST_HEALTH_PORT", "1"])).toBe(0);
  });

  it("falls back to the default port when the variable is unset", async () => {
    expect(await run({}, ["UNSET_HEALTH_PORT_VARIABLE", String(port)])).toBe(0);
  });

  it("fails while /healthz answers 503, and when nothing listens", async () => {
    status = 503;
    expect(await run({ TEST_HEALTH_PORT: String(port) }, ["TEST_HEALTH_PORT", "1"])).toBe(1);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await run({}, ["UNSET_HEALTH_PORT_VARIABLE", String(closedPort)])).toBe(1);
  });
});
