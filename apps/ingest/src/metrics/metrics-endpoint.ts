import cluster, { type Worker } from "node:cluster";
import { AggregatorRegistry, type Registry } from "prom-client";

const REQUEST = "industryos:ingest-metrics-request";
const RESPONSE = "industryos:ingest-metrics-response";
/** prom-client's own aggregation gives up after 5 s. */
const SUPERVISOR_TIMEOUT_MS = 10_000;

interface MetricsRequest {
  type: typeof REQUEST;
  id: number;
}
interface MetricsResponse {
  type: typeof RESPONSE;
  id: number;
  text?: string;
  error?: string;
}

const isRequest = (m: unknown): m is MetricsRequest => (m as MetricsRequest | null)?.type === REQUEST;
const isResponse = (m: unknown): m is MetricsResponse => (m as MetricsResponse | null)?.type === RESPONSE;

export interface MetricsText {
  contentType: string;
  text: string;
}

/**
 * What GET /metrics answers. A single process reports its own registry. Under INGEST_WORKERS a
 * scrape reaches one worker (node:cluster shares the port), so that worker asks the supervisor
 * for every worker's metrics aggregated by prom-client: a scrape always sees the whole node.
 */
export function metricsReader(registry: Registry): () => Promise<MetricsText> {
  const contentType = registry.contentType;
  if (!cluster.isWorker) return async () => ({ contentType, text: await registry.metrics() });

  // prom-client answers the supervisor's aggregation requests from the registries set here.
  AggregatorRegistry.setRegistries(registry);
  new AggregatorRegistry();
  let nextId = 0;
  const waiting = new Map<number, (response: MetricsResponse) => void>();
  process.on("message", (message: unknown) => {
    if (isResponse(message)) waiting.get(message.id)?.(message);
  });
  return () =>
    new Promise<MetricsText>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error("the ingest supervisor did not answer for the workers' metrics"));
      }, SUPERVISOR_TIMEOUT_MS);
      waiting.set(id, (response) => {
        waiting.delete(id);
        clearTimeout(timer);
        if (response.text !== undefined) resolve({ contentType, text: response.text });
        else reject(new Error(response.error ?? "no metrics"));
      });
      process.send!({ type: REQUEST, id } satisfies MetricsRequest);
    });
}

/** In the supervisor: answers a worker's scrape with every worker's metrics, aggregated. */
export function answerWorkerScrapes(): (worker: Worker) => void {
  const aggregator = new AggregatorRegistry();
  return (worker) => {
    worker.on("message", (message: unknown) => {
      if (!isRequest(message)) return;
      aggregator.clusterMetrics().then(
        (text) => worker.isConnected() && worker.send({ type: RESPONSE, id: message.id, text } satisfies MetricsResponse),
        (error: Error) => worker.isConnected() && worker.send({ type: RESPONSE, id: message.id, error: error.message } satisfies MetricsResponse),
      );
    });
  };
}
