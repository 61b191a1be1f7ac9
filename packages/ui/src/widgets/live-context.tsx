"use client";
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import type { EntityData, RealtimeClient, ResolvedEntity, SubscribeRequest } from "@industryos/realtime/client";
import { applyData } from "./live-data.ts";

const LiveClientContext = createContext<RealtimeClient | null>(null);

/** Gives every widget below the page's one WebSocket connection. */
export function LiveDataProvider({ client, children }: { client: RealtimeClient | null; children: ReactNode }) {
  return <LiveClientContext.Provider value={client}>{children}</LiveClientContext.Provider>;
}

export interface LiveState {
  data: EntityData;
  entities: ResolvedEntity[];
  error: string | null;
  loading: boolean;
  /** Points the server merged since the widget started (shown as a hint, never an error). */
  merged: number;
}

/**
 * Subscribes while mounted (and while `request` stays the same) and keeps the widget's data.
 * Pass null to subscribe to nothing (no data source chosen yet).
 */
export function useLiveData(
  request: SubscribeRequest | null,
  mode: "latest" | "series",
  opts: { windowMs?: number; maxPoints?: number } = {},
): LiveState {
  const client = useContext(LiveClientContext);
  const [state, setState] = useState<LiveState>({ data: {}, entities: [], error: null, loading: true, merged: 0 });
  const key = request ? JSON.stringify(request) : "";
  const { windowMs, maxPoints } = opts;
  useEffect(() => {
    if (!client || !request) {
      setState({ data: {}, entities: [], error: null, loading: false, merged: 0 });
      return;
    }
    setState({ data: {}, entities: [], error: null, loading: true, merged: 0 });
    return client.subscribe(request, {
      onSubscribed: (entities) => setState((s) => ({ ...s, entities })),
      onData: (message) =>
        setState((s) => ({
          ...s,
          loading: false,
          merged: s.merged + (message.merged ?? 0),
          // A rolling window forgets points that slid out of it.
          data: applyData(s.data, message, mode, { from: windowMs ? Date.now() - windowMs : undefined, maxPoints }),
        })),
      onError: (error) => setState((s) => ({ ...s, loading: false, error: error.message })),
    });
    // `key` stands for `request`: a new object with the same content must not resubscribe.
  }, [client, key, mode, windowMs, maxPoints]);
  return state;
}
