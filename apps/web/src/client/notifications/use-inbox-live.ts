"use client";
import type { NotificationsMessage } from "@industryos/realtime/protocol";
import { useLiveClient } from "@industryos/ui/dashboard";
import { useEffect, useRef } from "react";

/**
 * Follows the signed-in user's inbox over the WebSocket (`subscribeNotifications`): every message
 * carries the unread count, and what changed since the last one. Reconnects by itself.
 */
export function useInboxLive(onMessage: (message: NotificationsMessage) => void, limit = 0) {
  const { client } = useLiveClient();
  // The latest handler, without making a new subscription each render.
  const handler = useRef(onMessage);
  handler.current = onMessage;
  useEffect(() => {
    if (!client) return;
    return client.subscribe(
      { type: "subscribeNotifications", limit },
      { onData: () => undefined, onNotifications: (message) => handler.current(message) },
    );
  }, [client, limit]);
}
