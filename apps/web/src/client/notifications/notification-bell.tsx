"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "../trpc.ts";
import { useInboxLive } from "./use-inbox-live.ts";

/**
 * The bell in the console's frame: the signed-in user's unread notifications, live over the
 * WebSocket (the first count comes from the API, so it shows before the socket is open). A change
 * also refreshes the inbox's queries, so an open inbox page follows without a socket of its own.
 */
export function NotificationBell() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const first = useQuery(trpc.notifications.unreadCount.queryOptions());
  const [live, setLive] = useState<number | null>(null);
  useInboxLive((message) => {
    setLive(message.unreadCount);
    if (!message.initial) void queryClient.invalidateQueries({ queryKey: trpc.notifications.list.pathKey() });
  });
  // Unknown until the API or the socket answers: "none unread" then would be a guess, and a wrong one
  // for anyone with unread notifications.
  const count = live ?? first.data?.count ?? null;
  const label =
    count === null ? "Notifications" : count === 0 ? "Notifications, none unread" : `Notifications, ${count} unread`;
  return (
    <Link
      href="/notifications"
      aria-label={label}
      title={label}
      data-testid="notification-bell"
      className="relative inline-flex size-9 items-center justify-center rounded-md text-slate-300 hover:bg-slate-800 hover:text-white"
    >
      <svg
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
        className="size-5"
        aria-hidden="true"
      >
        <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" strokeLinecap="round" strokeLinejoin="round" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      {count !== null && count > 0 && (
        <span
          data-testid="notification-count"
          className="absolute -right-0.5 -top-0.5 min-w-5 rounded-full bg-red-600 px-1 text-center text-[11px] font-semibold leading-5 text-white"
        >
          {count > 99 ? "99+" : count}
        </span>
      )}
    </Link>
  );
}
