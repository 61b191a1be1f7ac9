"use client";
import type { RouterInputs } from "@industryos/api/router";
import { PageHeader, QueryView } from "@industryos/ui";
import { DashboardList } from "@industryos/ui/dashboard";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useSessionUser } from "../console/session-context.tsx";
import { useTRPC } from "../trpc.ts";

/** /dashboards: the tenant's dashboards; customer users see the ones shared with them, read-only. */
export function DashboardsListPage() {
  const readOnly = useSessionUser().role === "CUSTOMER_USER";
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const list = useQuery(trpc.dashboards.list.queryOptions({ page: 1, pageSize: 100 }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.dashboards.list.queryKey() });
  const options = { onSuccess: refresh };
  const create = useMutation(trpc.dashboards.create.mutationOptions());
  const rename = useMutation(trpc.dashboards.update.mutationOptions(options));
  const remove = useMutation(trpc.dashboards.delete.mutationOptions(options));
  const duplicate = useMutation(trpc.dashboards.duplicate.mutationOptions(options));
  const importJson = useMutation(trpc.dashboards.import.mutationOptions(options));
  return (
    <>
      <PageHeader title="Dashboards" />
      <QueryView query={list} loadingLabel="Loading dashboards…">
        {(page) => (
          <DashboardList
            dashboards={page.data.map((d) => ({
              id: d.id,
              title: d.title,
              updatedAt: d.updatedAt,
              publicUrl: d.publicId ? `/public/dashboards/${d.publicId}` : null,
            }))}
            readOnly={readOnly}
            actions={{
              onOpen: (id) => router.push(`/dashboards/${id}`),
              onCreate: async (title) => {
                const created = await create.mutateAsync({ body: { title } });
                router.push(`/dashboards/${created.id}`);
              },
              onRename: async (id, title) => void (await rename.mutateAsync({ id, body: { title } })),
              onDelete: (id) => remove.mutateAsync({ id }),
              onDuplicate: async (id) => void (await duplicate.mutateAsync({ id })),
              onExport: (id) => queryClient.fetchQuery(trpc.dashboards.export.queryOptions({ id })),
              // The file's JSON goes as it is: the API validates it and says what is wrong.
              onImport: async (json) =>
                void (await importJson.mutateAsync({ body: json as RouterInputs["dashboards"]["import"]["body"] })),
            }}
          />
        )}
      </QueryView>
    </>
  );
}
