"use client";
import { Card, EmptyState, QueryView } from "@industryos/ui";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { EntityLink } from "../entities/entity-link.tsx";
import { useTRPC } from "../trpc.ts";

const SHOWN = 10;

/** The devices (or assets) of a profile: how many, the newest by name, and the filtered list of all. */
export function ProfileMembersCard({ kind, profileId }: { kind: "device" | "asset"; profileId: string }) {
  const trpc = useTRPC();
  const input = { page: 1, pageSize: SHOWN, profileId };
  const devices = useQuery({ ...trpc.devices.list.queryOptions(input), enabled: kind === "device" });
  const assets = useQuery({ ...trpc.assets.list.queryOptions(input), enabled: kind === "asset" });
  const members = kind === "device" ? devices : assets;
  const plural = `${kind}s`;
  return (
    <Card title={kind === "device" ? "Devices" : "Assets"}>
      <QueryView
        query={members}
        isEmpty={(d) => d.total === 0}
        empty={<EmptyState title={`No ${plural} use this profile`} />}
      >
        {(list) => (
          <>
            <p className="mb-2 text-sm" data-testid="profile-member-count">
              {list.total === 1 ? `1 ${kind} uses` : `${list.total} ${plural} use`} this profile.
              <Link href={`/${plural}?profileId=${profileId}`} className="ml-2 text-brand-700 hover:underline">
                See them in the {kind} list →
              </Link>
            </p>
            <ul className="space-y-1 text-sm">
              {list.data.map((m) => (
                <li key={m.id}>
                  <EntityLink entity={{ type: kind === "device" ? "DEVICE" : "ASSET", id: m.id }} />
                </li>
              ))}
            </ul>
          </>
        )}
      </QueryView>
    </Card>
  );
}
