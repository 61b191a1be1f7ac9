// compose.yaml, checked without a Docker engine: the app services get an environment packages/config
// accepts, start only after the migrations ran and their dependencies are healthy, and publish the
// ports the images expose.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { envSchema, parseConfig } from "@industryos/config";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { interpolate, requiredVariables } from "../src/deploy/compose-env.ts";
import { finalStageFacts } from "../src/deploy/dockerfile-facts.ts";
import { repoRoot } from "../src/paths.ts";

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string | number>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

const text = readFileSync(join(repoRoot, "compose.yaml"), "utf8");
// What an operator's .env gives: one value per required variable, each valid for its setting.
const operatorEnv: Record<string, string> = {
  POSTGRES_PASSWORD: "postgres-password",
  DATABASE_APP_PASSWORD: "app-password",
  DATABASE_SYSTEM_PASSWORD: "system-password",
  SECRETS_KEY: Buffer.alloc(32, 7).toString("base64"),
};
const compose = parse(interpolate(text, operatorEnv), { merge: true }) as { services: Record<string, Service> };
const services = compose.services;
const appServices = ["web", "ingest", "workers", "migrate"] as const;
const schemaNames = new Set(Object.keys(envSchema.shape));

describe("compose.yaml", () => {
  it("asks the operator for every secret instead of shipping one", () => {
    expect(requiredVariables(text)).toEqual(Object.keys(operatorEnv).sort());
    expect(() => interpolate(text, {})).toThrow(/POSTGRES_PASSWORD is required/);
  });

  it.each(appServices)("gives %s only variables packages/config knows, and a configuration it accepts", (name) => {
    const environment = Object.fromEntries(
      Object.entries(services[name]!.environment ?? {}).map(([key, value]) => [key, String(value)]),
    );
    expect(Object.keys(environment).filter((key) => !schemaNames.has(key))).toEqual([]);
    const config = parseConfig(environment);
    expect(config.DATABASE_URL).toBe("postgresql://industryos:postgres-password@postgres:5432/industryos");
    expect(config.REDIS_URL).toBe("redis://redis:6379");
    expect(config.TEMPORAL_ADDRESS).toBe("temporal:7233");
    expect(config.SECRETS_KEY).toBe(operatorEnv.SECRETS_KEY);
    expect(config.NODE_ENV).toBe("production");
  });

  it("builds each app from its Dockerfile at the repository root", () => {
    for (const name of appServices) {
      const build = services[name]!.build!;
      expect(build.context, name).toBe(".");
      expect(existsSync(join(repoRoot, build.dockerfile)), build.dockerfile).toBe(true);
    }
    expect(services.migrate!.build!.dockerfile).toBe("deploy/docker/workers.Dockerfile");
  });

  it("runs the migrator once, after PostgreSQL is healthy", () => {
    const migrate = services.migrate!;
    expect(migrate.command).toEqual(["node", "--import", "tsx", "packages/db/src/bin/migrate.ts"]);
    expect(existsSync(join(repoRoot, "packages/db/src/bin/migrate.ts"))).toBe(true);
    expect(migrate.depends_on?.postgres?.condition).toBe("service_healthy");
  });

  it.each(["web", "ingest", "workers"])("starts %s after the migrations and healthy dependencies", (name) => {
    const dependsOn = services[name]!.depends_on ?? {};
    expect(dependsOn.migrate?.condition).toBe("service_completed_successfully");
    expect(dependsOn.postgres?.condition).toBe("service_healthy");
    expect(dependsOn.redis?.condition).toBe("service_healthy");
    if (name === "workers") expect(dependsOn.temporal?.condition).toBe("service_healthy");
    for (const dependency of Object.keys(dependsOn)) expect(services[dependency], dependency).toBeDefined();
  });

  it("health-checks every service an app waits for", () => {
    for (const name of ["postgres", "redis", "temporal"]) expect(services[name]!.healthcheck?.test, name).toBeDefined();
  });

  it("publishes the ingest image's device ports and the web image's console port", () => {
    const published = (name: string) => (services[name]!.ports ?? []).map((mapping) => mapping.split(":").at(-1)!);
    const exposed = (app: string) =>
      finalStageFacts(readFileSync(join(repoRoot, "deploy/docker", `${app}.Dockerfile`), "utf8")).exposed;
    const metrics = new Set(["9464", "9465"]); // scraped on the compose network, not published
    for (const port of exposed("ingest").filter((p) => !metrics.has(p))) expect(published("ingest")).toContain(port);
    expect(published("web")).toContain("3000");
  });
});
