"use client";
import type { RouterOutputs } from "@industryos/api/router";
import {
  Button,
  EmptyState,
  ListNotice,
  ListPage,
  RowDeleteButton,
  formatDateTime,
  formatNumber,
} from "@industryos/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { RenameButton, type EntityRename } from "../entities/rename-button.tsx";
import { useTRPC } from "../trpc.ts";
import { useConfirmAction } from "../use-confirm-action.tsx";
import { useMutationDialog } from "../use-mutation-dialog.ts";
import { EdgeFormDialog } from "./edge-form.tsx";
import { EdgeLinkState } from "./edge-link.tsx";
import { EdgeSecretDialog } from "./edge-secret-dialog.tsx";

type Edge = RouterOutputs["edges"]["list"]["data"][number];

const PAGE_SIZE = 20;
/** The link state follows the edges' calls without a reload. */
const REFRESH_MS = 30_000;

/**
 * /edges: the workspace's edges (ingest + workers at a site, docs/edge.md), created with a secret shown once
 * and renamed in the console's rename dialog.
 */
export function EdgesPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const edges = useQuery({
    ...trpc.edges.list.queryOptions({ page, pageSize: PAGE_SIZE }),
    refetchInterval: REFRESH_MS,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.edges.list.queryKey() });
  const [created, setCreated] = useState<RouterOutputs["edges"]["create"] | null>(null);
  const creating = useMutationDialog(
    (options) => trpc.edges.create.mutationOptions(options),
    (edge) => {
      setCreated(edge);
      void refresh();
    },
  );
  const remove = useMutation(trpc.edges.delete.mutationOptions({ onSuccess: refresh }));
  // One mutation for the page: a single rename dialog is open at a time, and opening it clears the last error.
  const update = useMutation(trpc.edges.update.mutationOptions({ onSuccess: refresh }));
  const renameOf = (e: Edge): EntityRename => ({
    ...update,
    run: (name, options) => update.mutate({ id: e.id, body: { name } }, options),
  });
  const confirmDelete = useConfirmAction({
    title: (e: Edge) => `Delete the edge “${e.name}”?`,
    body: () =>
      "Its key and secret stop working at once: the edge can no longer pull changes or push what its devices send. What it has queued and not yet pushed stays at the site.",
    confirmLabel: "Delete edge",
    action: (e) => remove.mutateAsync({ id: e.id }),
  });
  const newButton = <Button onClick={creating.show}>New edge</Button>;

  return (
    <ListPage
      title="Edges"
      description="Ingest and workers running at a site on their own database: devices there keep working while the link to this cloud is down, and their data catches up in order when it returns."
      actions={newButton}
      notice={<ListNotice error={remove.error} />}
      query={edges}
      loadingLabel="Loading edges…"
      empty={
        <EmptyState title="No edges" action={<Button onClick={creating.show}>Create your first edge</Button>}>
          An edge is an IndustryOS ingest and workers pair at a plant, a ship or a substation, with its own PostgreSQL
          and Redis. Its devices connect to it as they would to the cloud; it pulls this workspace&apos;s devices,
          profiles and rule chains, and pushes their telemetry, attributes and alarms up, also after an outage. See{" "}
          <a href="/api-docs#/Edges" className="font-medium text-brand-600 hover:underline">
            the Edges operations in the API reference
          </a>{" "}
          and docs/edge.md for running one.
        </EmptyState>
      }
      rowKey={(e) => e.id}
      columns={[
        { header: "Name", cell: (e) => <span className="font-medium">{e.name}</span> },
        { header: "Routing key (EDGE_KEY)", cell: (e) => <code className="text-xs break-all">{e.routingKey}</code> },
        { header: "Link", cell: (e) => <EdgeLinkState lastSeenAt={e.lastSeenAt} /> },
        { header: "Uplink entries applied", cell: (e) => formatNumber(e.uplinkSeq) },
        { header: "Created", cell: (e) => formatDateTime(e.createdAt) },
        {
          header: "",
          cell: (e) => (
            <span className="flex items-center justify-end gap-3">
              <RenameButton noun="edge" name={e.name} rename={renameOf(e)} />
              <RowDeleteButton onClick={() => confirmDelete.ask(e)} />
            </span>
          ),
        },
      ]}
      card={(e) => (
        <div
          className="space-y-1 rounded-lg bg-white p-3 text-sm shadow-sm ring-1 ring-slate-200"
          data-testid="edge-card"
        >
          <div className="flex flex-wrap items-center justify-between gap-2">
            <span className="font-medium">{e.name}</span>
            <EdgeLinkState lastSeenAt={e.lastSeenAt} />
          </div>
          <code className="block text-xs break-all text-slate-600">{e.routingKey}</code>
          <div className="flex flex-wrap items-center justify-between gap-2">
            <p className="text-xs text-slate-500">
              {formatNumber(e.uplinkSeq)} uplink entries applied ·{" "}
              <RowDeleteButton onClick={() => confirmDelete.ask(e)} />
            </p>
            <RenameButton noun="edge" name={e.name} rename={renameOf(e)} />
          </div>
        </div>
      )}
      paging={{ page, pageSize: PAGE_SIZE, onPage: setPage }}
    >
      {confirmDelete.dialog}
      <EdgeFormDialog
        {...creating.dialog}
        title="New edge"
        initial={{ name: "" }}
        submitLabel="Create edge"
        onSubmit={(values) => creating.save.mutate({ body: values })}
      />
      <EdgeSecretDialog created={created} onClose={() => setCreated(null)} />
    </ListPage>
  );
}
