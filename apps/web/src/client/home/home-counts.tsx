"use client";
import { formatNumber } from "@industryos/ui";
import Link from "next/link";

interface Counts {
  devices: number;
  online: number;
  offline: number;
  reportedToday: number;
  messagesToday: number | null;
  activeAlarms: number;
  dashboards: number;
}

function Tile({
  label,
  value,
  href,
  tone = "slate",
  title,
}: {
  label: string;
  /** Null: not known just now (shown as a dash). */
  value: number | null;
  href: string;
  tone?: string;
  title?: string;
}) {
  const tones: Record<string, string> = {
    slate: "text-slate-900",
    green: "text-emerald-600",
    amber: "text-amber-600",
    red: "text-red-600",
  };
  return (
    <Link
      href={href}
      className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 transition hover:ring-brand-300"
      data-testid={`count-${label.toLowerCase().replaceAll(" ", "-")}`}
      title={title}
    >
      <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</p>
      <p className={`mt-1 text-2xl font-semibold ${tones[tone]}`}>{value === null ? "—" : formatNumber(value)}</p>
    </Link>
  );
}

/** The workspace at a glance; each tile opens the list it counts. */
export function HomeCounts({ counts }: { counts: Counts }) {
  return (
    <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
      <Tile label="Devices online" value={counts.online} href="/devices" tone={counts.online > 0 ? "green" : "slate"} />
      <Tile
        label="Devices offline"
        value={counts.offline}
        href="/devices"
        tone={counts.offline > 0 ? "amber" : "slate"}
      />
      <Tile
        label="Reported today"
        value={counts.reportedToday}
        href="/devices"
        title="Devices heard from since 00:00 UTC"
      />
      <Tile
        label="Messages today"
        value={counts.messagesToday}
        href="/devices"
        title="Messages stored since 00:00 UTC: device uplinks and telemetry posted over the API"
      />
      <Tile
        label="Active alarms"
        value={counts.activeAlarms}
        href="/alarms"
        tone={counts.activeAlarms > 0 ? "red" : "slate"}
      />
      <Tile label="Dashboards" value={counts.dashboards} href="/dashboards" />
    </div>
  );
}
