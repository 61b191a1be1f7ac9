"use client";
import type { RouterInputs } from "@industryos/api/router";
import {
  Badge,
  Button,
  ConfirmDialog,
  EmptyState,
  ListNotice,
  ListPage,
  PromptDialog,
  formatRelativeTime,
} from "@industryos/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { useSessionUser } from "../console/session-context.tsx";
import { fieldErrorsOf, formErrorOf } from "../form-errors.ts";
import { useTRPC } from "../trpc.ts";

type DashboardRow = { id: string; title: string };

function downloadJson(name: string, value: unknown) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(value, null, 2)], { type: "application/json" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

/** /dashboards: open, create, rename, duplicate, export, import and delete; customer users see the shared ones, read-only. */
export function DashboardsListPage() {
  const readOnly = useSessionUser().role === "CUSTOMER_USER";
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const file = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<Error | null>(null);
  const list = useQuery(trpc.dashboards.list.queryOptions({ page: 1, pageSize: 100 }));
  const options = { onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.dashboards.list.queryKey() }) };
  const [creating, setCreating] = useState(false);
  const [renaming, setRenaming] = useState<DashboardRow | null>(null);
  const [deleting, setDeleting] = useState<DashboardRow | null>(null);
  const create = useMutation(
    trpc.dashboards.create.mutationOptions({ onSuccess: (created) => router.push(`/dashboards/${created.id}`) }),
  );
  const rename = useMutation(
    trpc.dashboards.update.mutationOptions({
      onSuccess: async () => {
        setRenaming(null);
        await options.onSuccess();
      },
    }),
  );
  const remove = useMutation(
    trpc.dashboards.delete.mutationOptions({
      onSuccess: async () => {
        setDeleting(null);
        await options.onSuccess();
      },
    }),
  );
  const duplicate = useMutation(trpc.dashboards.duplicate.mutationOptions(options));
  const importJson = useMutation(trpc.dashboards.import.mutationOptions(options));
  const run = (work: () => Promise<unknown>) => {
    setError(null);
    work().catch((e: unknown) => setError(e instanceof Error ? e : new Error(String(e))));
  };
  const newDashboard = () => {
    create.reset();
    setCreating(true);
  };

  return (
    <>
      <ListPage
        title="Dashboards"
        actions={
          !readOnly && (
            <>
              <Button onClick={newDashboard}>New dashboard</Button>
              <Button variant="secondary" onClick={() => file.current?.click()}>
                Import JSON
              </Button>
              <input
                ref={file}
                type="file"
                accept="application/json,.json"
                className="hidden"
                onChange={(e) => {
                  const chosen = e.target.files?.[0];
                  e.target.value = "";
                  // The file's JSON goes as it is: the API validates it and says what is wrong.
                  if (chosen)
                    run(async () =>
                      importJson.mutateAsync({
                        body: JSON.parse(await chosen.text()) as RouterInputs["dashboards"]["import"]["body"],
                      }),
                    );
                }}
              />
            </>
          )
        }
        notice={<ListNotice error={error} />}
        query={list}
        loadingLabel="Loading dashboards…"
        empty={<EmptyState title="No dashboards yet" />}
        rowKey={(d) => d.id}
        columns={[
          {
            header: "Dashboard",
            cell: (d) => (
              <Link href={`/dashboards/${d.id}`} className="font-medium text-slate-800 hover:text-brand-700">
                {d.title}
                {d.publicId && (
                  <span className="ml-2">
                    <Badge tone="green">public</Badge>
                  </span>
                )}
              </Link>
            ),
          },
          { header: "Edited", cell: (d) => formatRelativeTime(d.updatedAt) },
          ...(readOnly
            ? []
            : [
                {
                  header: "",
                  cell: (d: DashboardRow) => (
                    <span className="flex justify-end gap-3 text-xs">
                      <button
                        type="button"
                        className="text-slate-600 hover:underline"
                        onClick={() => {
                          rename.reset();
                          setRenaming(d);
                        }}
                      >
                        Rename
                      </button>
                      <button
                        type="button"
                        className="text-slate-600 hover:underline"
                        onClick={() => run(() => duplicate.mutateAsync({ id: d.id }))}
                      >
                        Duplicate
                      </button>
                      <button
                        type="button"
                        className="text-slate-600 hover:underline"
                        onClick={() =>
                          run(async () =>
                            downloadJson(
                              `${d.title}.json`,
                              await queryClient.fetchQuery(trpc.dashboards.export.queryOptions({ id: d.id })),
                            ),
                          )
                        }
                      >
                        Export
                      </button>
                      <button
                        type="button"
                        className="text-red-600 hover:underline"
                        onClick={() => {
                          remove.reset();
                          setDeleting(d);
                        }}
                      >
                        Delete
                      </button>
                    </span>
                  ),
                },
              ]),
        ]}
      />
      <PromptDialog
        open={creating}
        title="New dashboard"
        label="Title"
        submitLabel="Create dashboard"
        busy={create.isPending || create.isSuccess}
        fieldError={fieldErrorsOf(create.error).title}
        formError={formErrorOf(create.error, ["title"])}
        onSubmit={(title) => create.mutate({ body: { title } })}
        onClose={() => setCreating(false)}
      />
      <PromptDialog
        open={renaming !== null}
        title={`Rename “${renaming?.title}”`}
        label="Title"
        initialValue={renaming?.title}
        submitLabel="Rename"
        busy={rename.isPending}
        fieldError={fieldErrorsOf(rename.error).title}
        formError={formErrorOf(rename.error, ["title"])}
        onSubmit={(title) => renaming && rename.mutate({ id: renaming.id, body: { title } })}
        onClose={() => setRenaming(null)}
      />
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete “${deleting?.title}”?`}
        confirmLabel="Delete dashboard"
        busy={remove.isPending}
        error={remove.error}
        onConfirm={() => deleting && remove.mutate({ id: deleting.id })}
        onClose={() => setDeleting(null)}
      >
        Its widgets and public link go with it; shared viewers lose access at once.
      </ConfirmDialog>
    </>
  );
}
