import { defineOperation } from "../../operations/operation.ts";
import { TENANT_USERS } from "../../operations/roles.ts";
import { idParams } from "../shared/paging.ts";
import { deleteNotification } from "./delete-notification.ts";
import { listInbox, unreadCount } from "./list-inbox.ts";
import { markAllRead, markRead } from "./mark-read.ts";
import { listInboxInput } from "./schemas.ts";

const tag = "Notifications";
const own =
  "The signed-in user's own inbox (customer users have one too); an API key has none. Open consoles hear the change " +
  "over the WebSocket's `subscribeNotifications`.";

/** The in-app inbox: what the console's bell counts and the notifications page lists. */
export const notificationInboxOperations = {
  list: defineOperation({
    method: "GET",
    path: "/notifications",
    tag,
    summary: "List my notifications (newest first)",
    description: `\`unreadOnly=true\` for the unread ones; \`unreadCount\` comes beside the page. ${own}`,
    access: "tenant",
    roles: TENANT_USERS,
    query: listInboxInput,
    handler: ({ ctx, query }) => listInbox(ctx, query),
  }),
  unreadCount: defineOperation({
    method: "GET",
    path: "/notifications/unread-count",
    tag,
    summary: "How many of my notifications are unread",
    description: own,
    access: "tenant",
    roles: TENANT_USERS,
    handler: ({ ctx }) => unreadCount(ctx),
  }),
  readAll: defineOperation({
    method: "POST",
    path: "/notifications/read-all",
    tag,
    summary: "Mark all my notifications read",
    description: own,
    access: "tenant",
    roles: TENANT_USERS,
    handler: ({ ctx }) => markAllRead(ctx),
  }),
  read: defineOperation({
    method: "POST",
    path: "/notifications/{id}/read",
    tag,
    summary: "Mark one of my notifications read",
    description: `Another user's notification is 404. ${own}`,
    access: "tenant",
    roles: TENANT_USERS,
    params: idParams,
    handler: ({ ctx, params }) => markRead(ctx, params.id),
  }),
  delete: defineOperation({
    method: "DELETE",
    path: "/notifications/{id}",
    tag,
    summary: "Delete one of my notifications",
    description: `Another user's notification is 404. ${own}`,
    access: "tenant",
    roles: TENANT_USERS,
    params: idParams,
    handler: ({ ctx, params }) => deleteNotification(ctx, params.id),
  }),
};
