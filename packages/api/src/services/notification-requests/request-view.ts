import { splitInfo } from "./request-content.ts";

export interface RequestRow {
  id: string;
  status: string;
  templateId: string | null;
  ruleId: string | null;
  targetIds: string[];
  dedupKey: string | null;
  originatorType: string | null;
  originatorId: string | null;
  info: unknown;
  stats: unknown;
  createdAt: Date;
  updatedAt: Date;
  template?: { name: string } | null;
}

export interface DeliveryRow {
  id: string;
  channel: string;
  recipient: string;
  userId: string | null;
  status: string;
  attempts: number;
  providerResponse: unknown;
  error: string | null;
  sentAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * A request as the log shows it: what was sent (template or text), to which targets and addresses,
 * for which event, and how its deliveries stand (`stats`: counts by status, and by channel and status).
 */
export function toRequestView(row: RequestRow) {
  const { fields, delivery } = splitInfo(row.info);
  return {
    id: row.id,
    status: row.status,
    templateId: row.templateId,
    templateName: row.template?.name ?? null,
    ruleId: row.ruleId,
    targetIds: row.targetIds,
    content: delivery.content ?? null,
    channels: delivery.channels ?? null,
    recipients: delivery.recipients ?? null,
    dedupKey: row.dedupKey,
    originator: row.originatorType && row.originatorId ? { type: row.originatorType, id: row.originatorId } : null,
    info: fields,
    stats: row.stats,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** One recipient on one channel: its status, attempts, the provider's answer and the last error. */
export const toDeliveryView = (row: DeliveryRow) => ({
  id: row.id,
  channel: row.channel,
  recipient: row.recipient,
  userId: row.userId,
  status: row.status,
  attempts: row.attempts,
  providerResponse: row.providerResponse ?? null,
  error: row.error,
  sentAt: row.sentAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});
