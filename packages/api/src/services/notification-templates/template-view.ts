import type { NotificationType, TemplateChannels } from "./schemas.ts";

export interface TemplateRow {
  id: string;
  name: string;
  notificationType: NotificationType;
  channels: unknown;
  createdAt: Date;
  updatedAt: Date;
}

export const toView = (row: TemplateRow) => ({
  id: row.id,
  name: row.name,
  notificationType: row.notificationType,
  channels: row.channels as TemplateChannels,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

export type TemplateView = ReturnType<typeof toView>;
