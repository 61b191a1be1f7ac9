// @industryos/realtime: the /api/ws WebSocket server (live telemetry and attributes for
// dashboards). The browser client is "@industryos/realtime/client"; the wire format,
// "@industryos/realtime/protocol" (documented in README.md).
export {
  createRealtimeServer,
  REALTIME_PATH,
  type RealtimeServer,
  type RealtimeServerOptions,
} from "./server/realtime-server.ts";
export {
  type Authenticator,
  type AuthenticationInput,
  type RealtimePrincipal,
  type AllowedSource,
  type AllowedRead,
  type NamedSource,
  toHeaders,
} from "./auth/authenticator.ts";
export { assertPublicAccess, PUBLIC_MAX_POINTS } from "./auth/public-access.ts";
export { REVOCATION_CHANNEL, publishRevocation, type RevokedCredential } from "./revocation.ts";
export { type RealtimeLimits, DEFAULT_LIMITS, limitsFromConfig } from "./limits/realtime-limits.ts";
export { createDbEntityDirectory, type EntityDirectory } from "./entities/entity-directory.ts";
export { createDbAttributeReader } from "./data/db-attribute-reader.ts";
export { createDbAlarmReader, type AlarmReader } from "./data/alarm-reader.ts";
export { createDbNotificationReader, type NotificationReader } from "./data/notification-reader.ts";
export {
  notificationsChannel,
  publishNotificationEvent,
  type InboxNotification,
  type NotificationEvent,
} from "./notifications.ts";
export { decodeAlarmMessage, type AlarmChannelMessage } from "./bus/alarm-bus.ts";
export type { ChartTelemetryReader, ChartHistoryQuery, AttributeReader, PlainAttribute } from "./data/readers.ts";
export { createStoreTelemetryReader } from "./data/store-telemetry-reader.ts";
export { decodeLiveUpdate, type LiveUpdate } from "./bus/live-update.ts";
export * from "./protocol/index.ts";
