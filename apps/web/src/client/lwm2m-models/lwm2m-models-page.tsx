"use client";
import { EmptyState, formatDateTime } from "@industryos/ui";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { AddAndDeleteListPage } from "../add-and-delete-list-page.tsx";
import { useTRPC } from "../trpc.ts";
import { useConfirmAction } from "../use-confirm-action.tsx";
import { useDebounced } from "../use-debounced.ts";
import { Lwm2mModelUploadForm } from "./lwm2m-model-upload-form.tsx";

const PAGE_SIZE = 20;

/** The object ids the platform ships models of; an upload of one replaces it for this workspace. */
const BUNDLED = new Set([0, 1, 3, 4, 5, 6, 3303, 3304, 3306, 3311]);

/** /settings/lwm2m-models: the workspace's own LwM2M object models, beside the bundled OMA ones. */
export function Lwm2mModelsPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState("");
  const debounced = useDebounced(search);
  const models = useQuery({
    ...trpc.lwm2mModels.list.queryOptions({ page, pageSize: PAGE_SIZE, search: debounced || undefined }),
    placeholderData: keepPreviousData,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.lwm2mModels.pathKey() });
  const remove = useMutation(trpc.lwm2mModels.delete.mutationOptions({ onSuccess: refresh }));
  const confirmDelete = useConfirmAction({
    title: (m: { id: string; objectId: number; name: string }) => `Delete the model of object ${m.objectId}?`,
    body: (m) =>
      BUNDLED.has(m.objectId)
        ? `Clients registering from now on are read with the bundled ${m.name} model again.`
        : "Clients registering from now on report this object's values untyped (as text or base64).",
    confirmLabel: "Delete model",
    action: (m) => remove.mutateAsync({ id: m.id }),
  });

  return (
    <AddAndDeleteListPage
      title="LwM2M object models"
      description="Object definitions (OMA DDF XML) your LwM2M devices are read with, beside the bundled OMA objects 0, 1, 3, 4, 5, 6, 3303, 3304, 3306 and 3311. Resource types decide how values are decoded and stored."
      add={{
        label: "Upload model",
        firstLabel: "Upload your first model",
        dialogTitle: "Upload an LwM2M object model",
      }}
      form={Lwm2mModelUploadForm}
      onAdded={() => void refresh()}
      deletion={{ ...confirmDelete, error: remove.error }}
      search={{
        value: search,
        onChange: (value) => {
          setSearch(value);
          setPage(1);
        },
        label: "Search models",
        placeholder: "Name or object id",
      }}
      query={models}
      empty={{
        title: "No uploaded models",
        body: "Devices exposing objects other than the bundled ones report their values untyped until you upload the objects' DDF files.",
      }}
      noMatch={
        debounced ? (
          <EmptyState title="No models match">No uploaded model has that name or object id.</EmptyState>
        ) : undefined
      }
      columns={[
        { header: "Object", cell: (m) => <span className="font-mono">{m.objectId}</span> },
        {
          header: "Name",
          cell: (m) => (
            <span className="font-medium">
              {m.name}
              {BUNDLED.has(m.objectId) && <span className="ml-2 text-xs text-amber-700">replaces bundled</span>}
            </span>
          ),
        },
        { header: "Version", cell: (m) => m.version },
        {
          header: "Resources",
          cell: (m) => (
            <span className="text-xs text-slate-600">
              {m.resources.map((r) => `${r.id} ${r.name}${r.type ? ` (${r.type})` : ""}`).join(", ")}
            </span>
          ),
        },
        { header: "Uploaded", cell: (m) => formatDateTime(m.createdAt) },
      ]}
      paging={{ page, pageSize: PAGE_SIZE, onPage: setPage }}
    />
  );
}
