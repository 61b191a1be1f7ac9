"use client";
import { QueryView, formatDateTime } from "@industryos/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useParams, useRouter } from "next/navigation";
import { AttributesCard } from "../entities/attributes-card.tsx";
import { AuditTrailCard } from "../entities/audit-trail-card.tsx";
import { DeleteEntityButton } from "../entities/delete-entity-button.tsx";
import { DetailHeader } from "../entities/detail-header.tsx";
import { EntityNotFound } from "../entities/entity-not-found.tsx";
import { RelationsCard } from "../entities/relations-card.tsx";
import { RenameButton } from "../entities/rename-button.tsx";
import { useTRPC } from "../trpc.ts";
import { CustomerAssignmentsCard } from "./customer-assignments-card.tsx";

/** A customer (the tenant administrator's page): what is assigned to it, its attributes, relations and audit trail. */
export function CustomerDetailPage() {
  const { id } = useParams<{ id: string }>();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const customer = useQuery(trpc.customers.get.queryOptions({ id }));
  const update = useMutation(
    trpc.customers.update.mutationOptions({
      onSuccess: () =>
        Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.customers.get.queryKey({ id }) }),
          queryClient.invalidateQueries({ queryKey: trpc.auditLogs.list.queryKey() }),
        ]),
    }),
  );
  const remove = useMutation(trpc.customers.delete.mutationOptions({ onSuccess: () => router.replace("/customers") }));

  if (customer.error?.data?.code === "NOT_FOUND")
    return <EntityNotFound noun="customer" listHref="/customers" listLabel="All customers" />;

  return (
    <QueryView query={customer} loadingLabel="Loading customer…">
      {(c) => (
        <div className="space-y-6">
          <DetailHeader
            listHref="/customers"
            listLabel="All customers"
            title={c.title}
            actions={
              <>
                <RenameButton
                  noun="customer"
                  name={c.title}
                  field="title"
                  rename={{ ...update, run: (title, options) => update.mutate({ id, body: { title } }, options) }}
                />
                <DeleteEntityButton
                  noun="customer"
                  name={c.title}
                  deletion={{ ...remove, run: () => remove.mutate({ id }) }}
                  // As on the list: deleting more than one user asks for the customer's name first.
                  typedConfirmation={(c.userCount ?? 0) > 1 ? c.title : undefined}
                >
                  Its {c.userCount ?? 0} user{c.userCount === 1 ? " is" : "s are"} deleted with it; its devices and
                  assets return to you.
                </DeleteEntityButton>
              </>
            }
          >
            {c.email ?? "no email"}
            {c.phone ? ` · ${c.phone}` : ""} · {c.userCount ?? 0} user{c.userCount === 1 ? "" : "s"} · added{" "}
            {formatDateTime(c.createdAt)}
          </DetailHeader>
          <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
            <CustomerAssignmentsCard customerId={id} />
            <AttributesCard owner={{ entityType: "customers", id }} canEdit />
            <RelationsCard entity={{ type: "CUSTOMER", id }} noun="customer" relateTo="child" />
            <AuditTrailCard entityId={id} />
          </div>
        </div>
      )}
    </QueryView>
  );
}
