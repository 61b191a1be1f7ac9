"use client";
import { useEffect, useState } from "react";
import { RealtimeClient, type ConnectionStatus, type RealtimeClientOptions } from "@industryos/realtime/client";

const STATUS_TEXT: Record<ConnectionStatus, string> = {
  connecting: "connecting…",
  open: "live",
  reconnecting: "reconnecting…",
  unauthenticated: "signed out: reload to sign in",
  closed: "offline",
};

/** `ws(s)://<this host>/api/ws`. */
const liveUrl = () => `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/api/ws`;

/** One WebSocket connection for the page's lifetime, and its status for the toolbar. */
export function useLiveClient(auth?: RealtimeClientOptions["auth"]): { client: RealtimeClient | null; status: string } {
  const [client, setClient] = useState<RealtimeClient | null>(null);
  const [status, setStatus] = useState<ConnectionStatus>("connecting");
  const authKey = auth ? JSON.stringify(auth) : "";
  useEffect(() => {
    const live = new RealtimeClient({
      url: liveUrl(),
      ...(authKey ? { auth: JSON.parse(authKey) as RealtimeClientOptions["auth"] } : {}),
      onStatus: setStatus,
    });
    setClient(live);
    return () => live.close();
  }, [authKey]);
  return { client, status: STATUS_TEXT[status] };
}
