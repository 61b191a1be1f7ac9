"use client";
import { formatDateTime } from "@industryos/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { AddAndDeleteListPage } from "../add-and-delete-list-page.tsx";
import { useTRPC } from "../trpc.ts";
import { useConfirmAction } from "../use-confirm-action.tsx";
import { JwtIssuerForm } from "./jwt-issuer-form.tsx";

/** The issuers whose tokens the workspace's devices may log in with (devices with JWT credentials). */
export function JwtIssuersPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const issuers = useQuery(trpc.jwtIssuers.list.queryOptions({ page: 1, pageSize: 100 }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.jwtIssuers.list.queryKey() });
  const remove = useMutation(trpc.jwtIssuers.delete.mutationOptions({ onSuccess: refresh }));
  const confirmDelete = useConfirmAction({
    title: (i: { id: string; issuer: string }) => `Delete the issuer “${i.issuer}”?`,
    body: () => "Devices stop logging in with its tokens within seconds; their credentials stay.",
    confirmLabel: "Delete issuer",
    action: (i) => remove.mutateAsync({ id: i.id }),
  });

  return (
    <AddAndDeleteListPage
      title="JWT issuers"
      description="Authorization servers whose tokens devices with JWT credentials log in with (MQTT password or HTTP bearer)."
      add={{ label: "Add issuer", firstLabel: "Add your first issuer", dialogTitle: "Add a JWT issuer" }}
      form={JwtIssuerForm}
      onAdded={() => void refresh()}
      deletion={{ ...confirmDelete, error: remove.error }}
      query={issuers}
      empty={{
        title: "No JWT issuers",
        body: "Register the authorization server that signs your devices' tokens.",
      }}
      columns={[
        { header: "Issuer", cell: (i) => <span className="font-medium break-all">{i.issuer}</span> },
        { header: "Audience", cell: (i) => i.audience ?? "any" },
        {
          header: "Keys",
          cell: (i) =>
            i.jwksUri ? (
              <code className="text-xs break-all">{i.jwksUri}</code>
            ) : (
              `${i.keys?.keys.length ?? 0} static key(s)`
            ),
        },
        { header: "Device claim", cell: (i) => <code className="text-xs">{i.deviceClaim}</code> },
        { header: "Added", cell: (i) => formatDateTime(i.createdAt) },
      ]}
    />
  );
}
