// Browser client of /api/ws. Imports nothing from Node: safe for client components.
export {
  RealtimeClient,
  type RealtimeClientOptions,
  type SubscribeRequest,
  type SubscriptionHandlers,
  type ConnectionStatus,
  type WebSocketLike,
} from "./realtime-client.ts";
export { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from "./backoff.ts";
export { subscriptionSourceOf } from "./subscription-source.ts";
export type * from "../protocol/server-messages.ts";
export type {
  CommandInput,
  EntityRef,
  EntityQuery,
  Aggregation,
  AttributeScopeName,
  TimeWindow,
} from "../protocol/commands.ts";
