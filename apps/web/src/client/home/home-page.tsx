"use client";
import { PageHeader, QueryView } from "@industryos/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useSessionUser } from "../console/session-context.tsx";
import { CreateDeviceDialog } from "../devices/create-device-dialog.tsx";
import { useTRPC } from "../trpc.ts";
import { GettingStartedCard } from "./getting-started-card.tsx";
import { HomeCounts } from "./home-counts.tsx";

/** `/`: where the console starts. Administrators get the first steps and the counts; others, the way in. */
export function HomePage() {
  const user = useSessionUser();
  const router = useRouter();
  useEffect(() => {
    if (user.role === "SYS_ADMIN") router.replace("/tenants");
  }, [user.role, router]);
  if (user.role === "TENANT_ADMIN") return <AdminHome tenantName={user.tenantName} />;
  if (user.role === "SYS_ADMIN") return null;
  return (
    <div className="space-y-6">
      <PageHeader title={`Welcome to ${user.tenantName ?? "IndustryOS"}`} description="What you can open here:" />
      <div className="flex flex-wrap gap-3 text-sm">
        {[
          ["/dashboards", "Dashboards"],
          ["/devices", "Devices"],
          ["/alarms", "Alarms"],
        ].map(([href, label]) => (
          <Link
            key={href}
            href={href!}
            className="rounded-lg bg-white px-4 py-3 font-medium shadow-sm ring-1 ring-slate-200"
          >
            {label}
          </Link>
        ))}
      </div>
    </div>
  );
}

function AdminHome({ tenantName }: { tenantName: string | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // Counts move as devices report; the checklist's "send data" also follows the WebSocket.
  const state = useQuery({ ...trpc.gettingStarted.get.queryOptions(), refetchInterval: 15_000 });
  const [adding, setAdding] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.gettingStarted.get.queryKey() });
  return (
    <div className="space-y-6">
      <PageHeader title={`Welcome to ${tenantName ?? "your workspace"}`} description="Your workspace at a glance." />
      <QueryView query={state} loadingLabel="Loading your workspace…">
        {(s) => (
          <div className="space-y-6">
            <HomeCounts counts={s.counts} />
            {s.dismissed ? <RestoreChecklist /> : <GettingStartedCard state={s} onAddDevice={() => setAdding(true)} />}
          </div>
        )}
      </QueryView>
      {/* After "Add device" the checklist opens its next step: the device's connect commands. */}
      <CreateDeviceDialog open={adding} onClose={() => setAdding(false)} onCreated={() => void refresh()} />
    </div>
  );
}

function RestoreChecklist() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const restore = useMutation(
    trpc.gettingStarted.update.mutationOptions({
      onSuccess: (next) => queryClient.setQueryData(trpc.gettingStarted.get.queryKey(), next),
    }),
  );
  return (
    <button
      type="button"
      disabled={restore.isPending}
      className="text-sm text-brand-600 hover:underline"
      onClick={() => restore.mutate({ body: { dismissed: false } })}
    >
      Show the getting-started checklist
    </button>
  );
}
