// The Helm chart, checked without a cluster: `helm lint`, `helm template` piped into
// `kubernetes-validate --strict` (the Kubernetes API schemas, offline), then what a deployment relies on in
// the rendered manifests. helm is built once from the Go module proxy and kubernetes-validate installed
// once from PyPI (npm test prepares both up front); the test fails when either cannot be had.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { databaseUrls, envSchema, parseConfig } from "@industryos/config";
import { beforeAll, describe, expect, it } from "vitest";
import { chartDir, parseManifests, run, type Manifest } from "../src/deploy/helm-chart.ts";
import { finalStageFacts } from "../src/deploy/dockerfile-facts.ts";
import { ensureHelm } from "../src/helm-install.ts";
import { ensureKubernetesValidate } from "../src/kubernetes-validate-install.ts";
import { repoRoot } from "../src/paths.ts";

const ONE_TIME_BUILD_MS = 20 * 60_000;
const valuesFiles = readdirSync(join(chartDir, "ci")).filter((f) => f.endsWith("-values.yaml"));
const schemaNames = new Set(Object.keys(envSchema.shape));

let helm = "";
let kubernetesValidate = "";
beforeAll(async () => {
  [helm, kubernetesValidate] = await Promise.all([ensureHelm(), ensureKubernetesValidate()]);
}, ONE_TIME_BUILD_MS);

async function render(valuesFile: string, extra: string[] = []): Promise<string> {
  const args = ["template", "iot", chartDir, "--namespace", "iot", "-f", join(chartDir, "ci", valuesFile), ...extra];
  const result = await run(helm, args);
  expect(result.code, result.stderr).toBe(0);
  return result.stdout;
}

const byKind = (manifests: Manifest[], kind: string) => manifests.filter((m) => m.kind === kind);
const named = (manifests: Manifest[], kind: string, name: string) => {
  const found = manifests.find((m) => m.kind === kind && m.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} among ${manifests.map((m) => `${m.kind}/${m.metadata.name}`)}`);
  return found;
};

describe.each(valuesFiles)("the chart with ci/%s", (valuesFile) => {
  let manifests: Manifest[] = [];
  let rendered = "";
  beforeAll(async () => {
    rendered = await render(valuesFile);
    manifests = parseManifests(rendered);
  });

  it("passes helm lint --strict", async () => {
    const result = await run(helm, ["lint", "--strict", chartDir, "-f", join(chartDir, "ci", valuesFile)]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
  });

  it("renders manifests that kubernetes-validate --strict accepts", async () => {
    const result = await run(kubernetesValidate, ["--strict", "-"], rendered);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).not.toMatch(/ERROR|WARN/);
  });

  it("runs each tier as a Deployment of its image, non-root, probed on /healthz", () => {
    for (const tier of ["web", "ingest", "workers"]) {
      const deployment = named(manifests, "Deployment", `iot-industryos-${tier}`);
      const pod = deployment.spec.template.spec;
      const [container] = pod.containers;
      expect(container.image).toBe(`industryos/${tier}:0.1.0`);
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      expect(container.securityContext.allowPrivilegeEscalation).toBe(false);
      for (const probe of ["startupProbe", "readinessProbe"])
        expect(container[probe].httpGet.path, probe).toBe("/healthz");
      // Every port the pod declares is one its image EXPOSEs.
      const exposed = finalStageFacts(readFileSync(join(repoRoot, `deploy/docker/${tier}.Dockerfile`), "utf8")).exposed;
      for (const port of container.ports) {
        const written = port.protocol === "UDP" ? `${port.containerPort}/udp` : String(port.containerPort);
        expect(exposed, `${tier} ${port.name}`).toContain(written);
      }
    }
  });

  it("sets only environment variables packages/config knows", () => {
    const names = new Set<string>();
    for (const configMap of byKind(manifests, "ConfigMap"))
      Object.keys(configMap.data ?? {}).forEach((n) => names.add(n));
    for (const secret of byKind(manifests, "Secret")) Object.keys(secret.data ?? {}).forEach((n) => names.add(n));
    for (const workload of [...byKind(manifests, "Deployment"), ...byKind(manifests, "Job")]) {
      for (const container of workload.spec.template.spec.containers) {
        for (const variable of container.env ?? []) names.add(variable.name);
      }
    }
    expect([...names].filter((name) => !schemaNames.has(name))).toEqual([]);
    expect(names).toContain("TEMPORAL_ADDRESS");
  });

  it("migrates in a Job before install and upgrade, after its ConfigMap and Secret exist", () => {
    const job = named(manifests, "Job", "iot-industryos-migrate");
    expect(job.metadata.annotations?.["helm.sh/hook"]).toBe("pre-install,pre-upgrade");
    expect(job.spec.template.spec.containers[0].command).toEqual([
      "node",
      "--import",
      "tsx",
      "packages/db/src/bin/migrate.ts",
    ]);
    const jobWeight = Number(job.metadata.annotations?.["helm.sh/hook-weight"]);
    for (const kind of ["ConfigMap", "Secret"]) {
      for (const dependency of byKind(manifests, kind)) {
        expect(dependency.metadata.annotations?.["helm.sh/hook"]).toBe("pre-install,pre-upgrade");
        expect(Number(dependency.metadata.annotations?.["helm.sh/hook-weight"])).toBeLessThan(jobWeight);
      }
    }
  });

  it("publishes device ports on a LoadBalancer and the console through a ClusterIP Service", () => {
    const ingest = named(manifests, "Service", "iot-industryos-ingest");
    expect(ingest.spec.type).toBe("LoadBalancer");
    const ports = ingest.spec.ports.map((p: { name: string; protocol: string }) => `${p.name}/${p.protocol}`);
    expect(ports).toEqual(expect.arrayContaining(["mqtt/TCP", "mqtt-ws/TCP", "http/TCP", "coap/UDP", "lwm2m/UDP"]));
    expect(ingest.spec.sessionAffinity).toBe("ClientIP");
    expect(named(manifests, "Service", "iot-industryos-web").spec.type).toBe("ClusterIP");
  });

  it("keeps every tier available through voluntary disruptions", () => {
    const budgets = byKind(manifests, "PodDisruptionBudget").map(
      (b) => b.spec.selector.matchLabels["app.kubernetes.io/component"],
    );
    expect(budgets.sort()).toEqual(["ingest", "web", "workers"]);
  });
});

describe("the chart's choices", () => {
  it("scales web and ingest on CPU and workers on the rule-engine lag the workers export", async () => {
    const manifests = parseManifests(await render("external-services-values.yaml"));
    const hpas = byKind(manifests, "HorizontalPodAutoscaler");
    const metricOf = (tier: string) =>
      named(manifests, "HorizontalPodAutoscaler", `iot-industryos-${tier}`).spec.metrics[0];
    expect(hpas).toHaveLength(3);
    expect(metricOf("web").resource.name).toBe("cpu");
    expect(metricOf("ingest").resource.name).toBe("cpu");
    const lag = metricOf("workers");
    expect(lag.type).toBe("External");
    // The metric is one the workers' /metrics really exposes.
    const workersMetrics = readFileSync(join(repoRoot, "apps/workers/src/rules/metrics.ts"), "utf8");
    expect(workersMetrics).toContain(`name: "${lag.external.metric.name}"`);
    expect(named(manifests, "Ingress", "iot-industryos-web").spec.rules[0].host).toBe("industryos.example.com");
  });

  it("builds the database URL from the values, escaping the password", async () => {
    const manifests = parseManifests(await render("external-services-values.yaml"));
    const secret = named(manifests, "Secret", "iot-industryos-env");
    const url = Buffer.from(secret.data!.DATABASE_URL!, "base64").toString();
    expect(url).toBe(
      "postgresql://industryos:owner%20p%40ss%2Fword@timescaledb.databases.svc:5432/industryos?sslmode=require",
    );
    expect(decodeURIComponent(new URL(url).password)).toBe("owner p@ss/word");
    // The replicas: host, port and TLS from the values, the application role's credentials added by the platform.
    const config = named(manifests, "ConfigMap", "iot-industryos-env").data!;
    const parsed = parseConfig({
      DATABASE_URL: url,
      DATABASE_READ_URL: config.DATABASE_READ_URL,
      DATABASE_READ_MAX_LAG_MS: config.DATABASE_READ_MAX_LAG_MS,
      DATABASE_APP_PASSWORD: "app pass",
    });
    expect(parsed.DATABASE_READ_MAX_LAG_MS).toBe(10_000);
    const reads = databaseUrls(parsed).reads.map((read) => new URL(read));
    expect(reads.map((read) => [read.host, read.pathname, read.username, read.searchParams.get("sslmode")])).toEqual([
      ["timescaledb-replica-0.databases.svc:5432", "/industryos", "industryos_app", "require"],
      ["timescaledb-replica-1.databases.svc:6432", "/industryos", "industryos_app", "require"],
    ]);
    const key = Buffer.from(Buffer.from(secret.data!.SECRETS_KEY!, "base64").toString(), "base64");
    expect(key).toHaveLength(32); // a generated SECRETS_KEY is 32 bytes, as packages/config demands
  });

  it("uses an existing Secret instead of making one, and mounts the Temporal client certificate", async () => {
    const manifests = parseManifests(await render("existing-secret-values.yaml"));
    expect(byKind(manifests, "Secret")).toEqual([]);
    const workers = named(manifests, "Deployment", "iot-industryos-workers").spec.template.spec;
    expect(workers.containers[0].envFrom).toContainEqual({ secretRef: { name: "industryos-credentials" } });
    expect(workers.volumes).toContainEqual({ name: "temporal-tls", secret: { secretName: "temporal-client-cert" } });
    const config = named(manifests, "ConfigMap", "iot-industryos-env").data!;
    expect(config.TEMPORAL_TLS_CERT_FILE).toBe("/etc/industryos/temporal-tls/tls.crt");
    expect(config.TEMPORAL_TLS_SERVER_NAME).toBe("industryos.a1b2c.tmprl.cloud");
    expect(byKind(manifests, "HorizontalPodAutoscaler")).toEqual([]);
  });

  it("refuses to render without a database, naming the value to set", async () => {
    const result = await run(helm, ["template", "iot", chartDir]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("postgresql.host is required");
  });
});
