"use client";
import type { ReactNode } from "react";
import type { LiveState } from "./live-context.tsx";
import { entityNames, LiveStatus, WidgetFrame } from "./widget-frame.tsx";

/** The frame of a widget fed by a live subscription: its status beside the title, its data as CSV by entity name. */
export function LiveWidgetFrame({ title, live, children }: { title: string; live: LiveState; children: ReactNode }) {
  return (
    <WidgetFrame title={title} data={live.data} names={entityNames(live.entities)} status={<LiveStatus {...live} />}>
      {children}
    </WidgetFrame>
  );
}
