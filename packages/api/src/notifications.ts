/**
 * The notification center for the workers (`@industryos/api/notifications`): how a request is made
 * (`requestNotification`, the one way to send, also for rule-chain nodes, notification rules and
 * escalations), what a stored request means (`splitInfo`), how templates are filled (`renderChannels`),
 * how targets are configured, and the tenant's providers and rate limits. Plain functions over the
 * tenant-scoped client: no tRPC, no HTTP.
 */
export {
  requestNotification,
  insertNotificationRequest,
  startNotificationRequest,
  type NotificationRequestSpec,
  type NotificationRequester,
} from "./services/notification-requests/request-notification.ts";
export { splitInfo, DELIVERY_KEY, type RequestDelivery } from "./services/notification-requests/request-content.ts";
export {
  renderChannels,
  renderText,
  type RenderedChannels,
} from "./services/notification-templates/render-template.ts";
export {
  NOTIFICATION_CHANNELS,
  NOTIFICATION_TYPES,
  templateChannels,
  type ChannelText,
  type NotificationChannel,
  type NotificationType,
  type TemplateChannels,
} from "./services/notification-templates/schemas.ts";
export {
  targetConfigurations,
  e164PhoneNumber,
  slackChannel,
  type NotificationTargetType,
  type TargetConfiguration,
} from "./services/notification-targets/schemas.ts";
export { openHeaders } from "./services/notification-targets/stored-configuration.ts";
export {
  openProviders,
  rotateProviders,
  type OpenedProviders,
} from "./services/notification-settings/provider-settings.ts";
export { DEFAULT_RATE_LIMITS, effectiveRateLimits } from "./services/notification-settings/rate-limits.ts";
export { inboxNotificationOf as toInboxView } from "@industryos/realtime/notifications";
export { countDeliveries, type RequestStats } from "./services/notification-requests/request-stats.ts";
export {
  PLATFORM_EMAIL_ACCOUNT,
  resendEventsPath,
  resendPlatformEventsPath,
  twilioStatusPath,
} from "./services/delivery-reports/callback-paths.ts";
