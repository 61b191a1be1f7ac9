export {
  DEFAULT_TASK_QUEUE,
  lazyTemporalClient,
  type LazyTemporalClient,
  type TemporalSettings,
} from "./lazy-client.ts";
export { temporalTls, type TemporalTlsSettings } from "./tls.ts";
