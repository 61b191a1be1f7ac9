import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

/** A dependency check: resolves when the dependency answers, rejects (or times out) otherwise. */
export type HealthCheck = () => Promise<unknown>;

export interface HealthReport {
  status: "ok" | "unavailable";
  checks: Record<string, { ok: boolean; latencyMs: number; error?: string }>;
}

const CHECK_TIMEOUT_MS = 2000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** Runs every check concurrently; the report names each failing dependency. */
export async function runHealthChecks(checks: Record<string, HealthCheck>): Promise<HealthReport> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      const started = performance.now();
      try {
        await withTimeout(check(), CHECK_TIMEOUT_MS);
        return [name, { ok: true, latencyMs: Math.round(performance.now() - started) }] as const;
      } catch (error) {
        return [
          name,
          { ok: false, latencyMs: Math.round(performance.now() - started), error: (error as Error).message },
        ] as const;
      }
    }),
  );
  const report: HealthReport["checks"] = Object.fromEntries(entries);
  return { status: entries.every(([, r]) => r.ok) ? "ok" : "unavailable", checks: report };
}

/** Answers `GET /healthz` with 200 or 503 and the report; anything else gets 404. */
export async function handleHealthRequest(
  req: IncomingMessage,
  res: ServerResponse,
  checks: Record<string, HealthCheck>,
): Promise<boolean> {
  const path = (req.url ?? "").split("?")[0];
  if (req.method !== "GET" || path !== "/healthz") return false;
  const report = await runHealthChecks(checks);
  const failing = Object.entries(report.checks)
    .filter(([, c]) => !c.ok)
    .map(([name]) => name);
  res.writeHead(report.status === "ok" ? 200 : 503, { "content-type": "application/json" });
  res.end(JSON.stringify(failing.length ? { ...report, failing } : report));
  return true;
}

/** A tiny HTTP server that only serves `/healthz`, for processes without an HTTP API of their own. */
export function startHealthServer(
  port: number,
  checks: Record<string, HealthCheck>,
  host = "0.0.0.0",
): Promise<Server> {
  const server = createServer((req, res) => {
    handleHealthRequest(req, res, checks).then(
      (handled) => {
        if (!handled) {
          res.writeHead(404, { "content-type": "application/json" });
          res.end(JSON.stringify({ error: { code: "NOT_FOUND", message: "Only GET /healthz is served here" } }));
        }
      },
      (error: unknown) => {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { code: "INTERNAL", message: String(error) } }));
      },
    );
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve(server));
  });
}
