export {
  DEFAULT_TASK_QUEUE,
  lazyTemporalClient,
  type LazyTemporalClient,
  type TemporalSettings,
} from "./lazy-client.ts";
