"use client";
import { QueryView, formatDateTime } from "@industryos/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useParams, useRouter } from "next/navigation";
import { useSessionUser } from "../console/session-context.tsx";
import { AttributesCard } from "../entities/attributes-card.tsx";
import { AuditTrailCard } from "../entities/audit-trail-card.tsx";
import { DeleteEntityButton } from "../entities/delete-entity-button.tsx";
import { DetailHeader } from "../entities/detail-header.tsx";
import { EntityNotFound } from "../entities/entity-not-found.tsx";
import { RelatedDevicesCard } from "../entities/related-devices-card.tsx";
import { RelationsCard } from "../entities/relations-card.tsx";
import { RenameButton } from "../entities/rename-button.tsx";
import { useTRPC } from "../trpc.ts";

/** An asset: its attributes, the devices it relates to, its relations and audit trail; rename and delete. */
export function AssetDetailPage() {
  const { id } = useParams<{ id: string }>();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const user = useSessionUser();
  const asset = useQuery(trpc.assets.get.queryOptions({ id }));
  const update = useMutation(
    trpc.assets.update.mutationOptions({
      onSuccess: () =>
        Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.assets.get.queryKey({ id }) }),
          queryClient.invalidateQueries({ queryKey: trpc.auditLogs.list.queryKey() }),
        ]),
    }),
  );
  const remove = useMutation(trpc.assets.delete.mutationOptions({ onSuccess: () => router.replace("/assets") }));

  if (asset.error?.data?.code === "NOT_FOUND")
    return <EntityNotFound noun="asset" listHref="/assets" listLabel="All assets" />;
  // Relations and the audit log are the tenant administrator's; a customer user sees the asset and its attributes.
  const isAdmin = user.role === "TENANT_ADMIN";

  return (
    <QueryView query={asset} loadingLabel="Loading asset…">
      {(a) => (
        <div className="space-y-6">
          <DetailHeader
            listHref="/assets"
            listLabel="All assets"
            title={a.name}
            actions={
              isAdmin && (
                <>
                  <RenameButton
                    noun="asset"
                    name={a.name}
                    rename={{ ...update, run: (name, options) => update.mutate({ id, body: { name } }, options) }}
                  />
                  <DeleteEntityButton
                    noun="asset"
                    name={a.name}
                    deletion={{ ...remove, run: () => remove.mutate({ id }) }}
                  >
                    Its relations and attributes go with it; the devices it contains stay.
                  </DeleteEntityButton>
                </>
              )
            }
          >
            {a.label ? `${a.label} · ` : ""}type <b>{a.type}</b> · profile{" "}
            {isAdmin ? (
              <Link className="font-medium text-brand-700 hover:underline" href={`/asset-profiles/${a.profileId}`}>
                {a.profileName}
              </Link>
            ) : (
              <b>{a.profileName}</b>
            )}
            {a.customerId && (
              <>
                {" "}
                · customer{" "}
                {isAdmin ? (
                  <Link className="font-medium text-brand-700 hover:underline" href={`/customers/${a.customerId}`}>
                    {a.customerTitle}
                  </Link>
                ) : (
                  <b>{a.customerTitle}</b>
                )}
              </>
            )}{" "}
            · created {formatDateTime(a.createdAt)}
          </DetailHeader>
          <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
            <AttributesCard owner={{ entityType: "assets", id }} canEdit={isAdmin} />
            {isAdmin && <RelatedDevicesCard entityId={id} noun="asset" />}
            {isAdmin && <RelationsCard entity={{ type: "ASSET", id }} noun="asset" relateTo="child" />}
            {isAdmin && <AuditTrailCard entityId={id} />}
          </div>
        </div>
      )}
    </QueryView>
  );
}
