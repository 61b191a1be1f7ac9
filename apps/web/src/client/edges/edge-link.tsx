import { Badge, formatRelativeTime } from "@industryos/ui";

/**
 * An edge that calls the cloud is "linked" while its last call is this recent. The cloud records a call at
 * most once a minute (packages/api authenticateEdge) and an edge asks every 10 s by default, backing off to
 * at most 30 s while the cloud cannot be reached: two minutes leaves room for both.
 */
export const LINKED_WITHIN_MS = 2 * 60_000;

export type EdgeLink = "never" | "linked" | "unlinked";

export function edgeLinkOf(lastSeenAt: string | null, now = Date.now()): EdgeLink {
  if (!lastSeenAt) return "never";
  return now - new Date(lastSeenAt).getTime() <= LINKED_WITHIN_MS ? "linked" : "unlinked";
}

/** The link's state as a badge, with when the edge last called when it has. */
export function EdgeLinkState({ lastSeenAt }: { lastSeenAt: string | null }) {
  const link = edgeLinkOf(lastSeenAt);
  if (link === "never") return <Badge>never connected</Badge>;
  return (
    <span className="inline-flex flex-wrap items-center gap-1">
      {link === "linked" ? <Badge tone="green">linked</Badge> : <Badge tone="amber">not linked</Badge>}
      <span className="text-xs text-slate-500">seen {formatRelativeTime(lastSeenAt)}</span>
    </span>
  );
}
