// How any process asks for a notification: insert a NotificationRequest row (tenant-scoped; `dedupKey` makes a
// repeated event find the first request), then start this workflow with the id below. The workflow renders the
// template, resolves the targets to recipients and delivers on each channel; starting it twice is harmless.

export const NOTIFICATION_REQUEST_WORKFLOW = "notificationRequestWorkflow";

export interface NotificationRequestInput {
  tenantId: string;
  requestId: string;
}

/** One workflow per request: Temporal refuses a second start with the same id while the first runs or ran. */
export const notificationRequestWorkflowId = (requestId: string) => `notification-request:${requestId}`;
