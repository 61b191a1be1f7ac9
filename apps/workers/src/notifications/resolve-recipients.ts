import {
  splitInfo,
  targetConfigurations,
  type NotificationChannel,
  type NotificationTargetType,
  type RequestDelivery,
  type TargetConfiguration,
  type TemplateChannels,
} from "@industryos/api/notifications";
import type { TenantClient } from "@industryos/db";

export interface Recipient {
  channel: NotificationChannel;
  /** A user id (IN_APP), an email address, an E.164 number, a Slack channel or a URL. */
  recipient: string;
  userId: string | null;
}

interface TargetRow {
  id: string;
  type: NotificationTargetType;
  configuration: unknown;
}

/** The channel a target reaches when nothing says otherwise (text sent without a template). */
const NATURAL_CHANNEL: Record<NotificationTargetType, NotificationChannel> = {
  PLATFORM_USERS: "IN_APP",
  EMAIL: "EMAIL",
  SMS: "SMS",
  SLACK: "SLACK",
  WEBHOOK: "WEBHOOK",
};

/**
 * The channels a request goes out on: a template's channels (narrowed by the request's `channels`),
 * or for text without a template the request's `channels`, else each target's own channel and the
 * channels of the addresses it names.
 */
export function channelsOf(
  templateChannels: NotificationChannel[] | null,
  delivery: RequestDelivery,
  targets: TargetRow[],
): Set<NotificationChannel> {
  if (templateChannels)
    return new Set(templateChannels.filter((c) => !delivery.channels || delivery.channels.includes(c)));
  if (delivery.channels) return new Set(delivery.channels);
  return new Set([
    ...targets.map((t) => NATURAL_CHANNEL[t.type]),
    ...(Object.keys(delivery.recipients ?? {}) as NotificationChannel[]),
  ]);
}

/** `channelsOf` for a stored request: its template's channels, when it has a template. */
export function requestChannels(
  template: { channels: unknown } | null,
  delivery: RequestDelivery,
  targets: TargetRow[],
): Set<NotificationChannel> {
  const templateChannels = template
    ? (Object.keys(template.channels as TemplateChannels) as NotificationChannel[])
    : null;
  return channelsOf(templateChannels, delivery, targets);
}

/** The users a PLATFORM_USERS target names now (disabled users are left out). */
async function usersOf(db: Pick<TenantClient, "user">, configuration: TargetConfiguration<"PLATFORM_USERS">) {
  const filter = configuration.users;
  const where =
    filter.type === "ALL"
      ? {}
      : filter.type === "TENANT_ADMINS"
        ? { role: "TENANT_ADMIN" as const }
        : filter.type === "CUSTOMER_USERS"
          ? { customerId: filter.customerId }
          : { id: { in: filter.userIds } };
  return db.user.findMany({ where: { ...where, disabledAt: null }, select: { id: true, email: true } });
}

/**
 * Every recipient of a request on every channel it goes out on: platform users in-app (by id) and by
 * email, the addresses of email, SMS, Slack and webhook targets, and the request's own addresses.
 * A target whose stored configuration no longer reads is skipped; the same recipient twice on one
 * channel is one delivery (the caller's unique key).
 */
export async function resolveRecipients(
  db: Pick<TenantClient, "user">,
  channels: Set<NotificationChannel>,
  targets: TargetRow[],
  delivery: RequestDelivery,
): Promise<Recipient[]> {
  const out: Recipient[] = [];
  const add = (channel: NotificationChannel, recipient: string, userId: string | null = null) => {
    if (channels.has(channel)) out.push({ channel, recipient, userId });
  };
  for (const target of targets) {
    const parsed = targetConfigurations[target.type].safeParse(target.configuration);
    // A webhook's stored headers are sealed strings; its URL is all the recipient needs.
    const configuration = (parsed.success ? parsed.data : target.configuration) as Record<string, unknown>;
    switch (target.type) {
      case "PLATFORM_USERS": {
        if (!parsed.success) break;
        for (const user of await usersOf(db, parsed.data as TargetConfiguration<"PLATFORM_USERS">)) {
          add("IN_APP", user.id, user.id);
          add("EMAIL", user.email, user.id);
        }
        break;
      }
      case "EMAIL":
        for (const email of (configuration.emails as string[] | undefined) ?? []) add("EMAIL", email);
        break;
      case "SMS":
        for (const number of (configuration.phoneNumbers as string[] | undefined) ?? []) add("SMS", number);
        break;
      case "SLACK":
        for (const channel of (configuration.channels as string[] | undefined) ?? []) add("SLACK", channel);
        break;
      case "WEBHOOK":
        if (typeof configuration.url === "string") add("WEBHOOK", configuration.url);
        break;
    }
  }
  for (const [channel, addresses] of Object.entries(delivery.recipients ?? {}) as [NotificationChannel, string[]][])
    for (const address of addresses) add(channel, address, channel === "IN_APP" ? address : null);
  return out;
}

/**
 * Every recipient of a stored request (its targets read now) on the channels it goes out on, or on `only` that
 * one of them.
 */
export async function requestRecipients(
  db: Pick<TenantClient, "user" | "notificationTarget">,
  request: { targetIds: string[]; info: unknown; template: { channels: unknown } | null },
  only?: NotificationChannel,
): Promise<Recipient[]> {
  const { delivery } = splitInfo(request.info);
  const targets = await db.notificationTarget.findMany({
    where: { id: { in: request.targetIds } },
    select: { id: true, type: true, configuration: true },
  });
  const channels = requestChannels(request.template, delivery, targets);
  if (only && !channels.has(only)) return [];
  return resolveRecipients(db, only ? new Set([only]) : channels, targets, delivery);
}

/** The delivery rows of a request's recipients, as first written (PENDING). */
export const deliveryRows = (tenantId: string, requestId: string, recipients: Recipient[]) =>
  recipients.map((r) => ({ tenantId, requestId, channel: r.channel, recipient: r.recipient, userId: r.userId }));
