"use client";
import { Badge, QueryView, formatDateTime } from "@industryos/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useParams, useRouter } from "next/navigation";
import { AuditTrailCard } from "../entities/audit-trail-card.tsx";
import { DeleteEntityButton } from "../entities/delete-entity-button.tsx";
import { DetailHeader } from "../entities/detail-header.tsx";
import { EntityNotFound } from "../entities/entity-not-found.tsx";
import { RenameButton } from "../entities/rename-button.tsx";
import { useTRPC } from "../trpc.ts";
import { DeviceProfileSettingsCard } from "./device-profile-settings-card.tsx";
import { ProfileDefaultsCard } from "./profile-defaults-card.tsx";
import { ProfileMembersCard } from "./profile-members-card.tsx";

/** Device and asset profiles share one page, as they share one list: the same service, a different `kind`. */
export function ProfileDetailPage({ kind }: { kind: "device" | "asset" }) {
  const { id } = useParams<{ id: string }>();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const api = kind === "device" ? trpc.deviceProfiles : trpc.assetProfiles;
  const listHref = `/${kind}-profiles`;
  const listLabel = `All ${kind} profiles`;
  const noun = `${kind} profile`;
  const profile = useQuery(api.get.queryOptions({ id }));
  const update = useMutation(
    api.update.mutationOptions({
      onSuccess: () =>
        Promise.all([
          queryClient.invalidateQueries({ queryKey: api.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.auditLogs.list.queryKey() }),
        ]),
    }),
  );
  const remove = useMutation(api.delete.mutationOptions({ onSuccess: () => router.replace(listHref) }));

  if (profile.error?.data?.code === "NOT_FOUND")
    return <EntityNotFound noun={noun} listHref={listHref} listLabel={listLabel} />;

  return (
    <QueryView query={profile} loadingLabel="Loading profile…">
      {(p) => (
        <div className="space-y-6">
          <DetailHeader
            listHref={listHref}
            listLabel={listLabel}
            title={
              <>
                {p.name} {p.isDefault && <Badge tone="blue">default</Badge>}
              </>
            }
            actions={
              <>
                <RenameButton
                  noun={noun}
                  name={p.name}
                  rename={{ ...update, run: (name, options) => update.mutate({ id, body: { name } }, options) }}
                />
                {/* The default profile takes the entities created without one: it cannot be deleted. */}
                {!p.isDefault && (
                  <DeleteEntityButton
                    noun="profile"
                    name={p.name}
                    deletion={{ ...remove, run: () => remove.mutate({ id }) }}
                  >
                    Only a profile no {kind} uses can be deleted.
                  </DeleteEntityButton>
                )}
              </>
            }
          >
            {p.description ? `${p.description} · ` : ""}created {formatDateTime(p.createdAt)}
          </DetailHeader>
          <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
            {"transportType" in p ? <DeviceProfileSettingsCard profile={p} /> : null}
            <ProfileDefaultsCard
              profile={p}
              save={{
                ...update,
                run: (values, options) => update.mutate({ id, body: values }, options),
              }}
            />
            <ProfileMembersCard kind={kind} profileId={id} />
            <AuditTrailCard entityId={id} />
          </div>
        </div>
      )}
    </QueryView>
  );
}
