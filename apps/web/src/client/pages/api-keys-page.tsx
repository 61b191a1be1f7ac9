"use client";
import {
  Badge,
  Button,
  CopyBox,
  Dialog,
  EmptyState,
  ListNotice,
  ListPage,
  TextField,
  formatDateTime,
  formatRelativeTime,
} from "@industryos/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "../form-error.tsx";
import { fieldErrorsOf } from "../form-errors.ts";
import { useTRPC } from "../trpc.ts";
import { useConfirmAction } from "../use-confirm-action.tsx";

export function ApiKeysPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const keys = useQuery(trpc.apiKeys.list.queryOptions({ page: 1, pageSize: 100 }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
  const [open, setOpen] = useState(false);
  const [createdKey, setCreatedKey] = useState<string>();
  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: (k) => {
        setCreatedKey(k.key);
        void refresh();
      },
    }),
  );
  const revoke = useMutation(trpc.apiKeys.revoke.mutationOptions({ onSuccess: refresh }));
  const confirmRevoke = useConfirmAction({
    title: (k: { id: string; name: string }) => `Revoke “${k.name}”?`,
    body: () => "Scripts and integrations using it are refused from the next call on.",
    confirmLabel: "Revoke key",
    action: (k) => revoke.mutateAsync({ id: k.id }),
  });

  const fieldErrors = fieldErrorsOf(create.error);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({
      body: {
        name: String(form.get("name")),
        scopes: form.get("readOnly") === "on" ? ["read"] : ["read", "write"],
      },
    });
  };
  const close = () => {
    setOpen(false);
    setCreatedKey(undefined);
    create.reset();
  };

  return (
    <ListPage
      title="API keys"
      description="For scripts and integrations: send a key as “Authorization: Bearer <key>”."
      actions={<Button onClick={() => setOpen(true)}>Create API key</Button>}
      notice={<ListNotice error={revoke.error} />}
      query={keys}
      empty={
        <EmptyState title="No API keys" action={<Button onClick={() => setOpen(true)}>Create your first key</Button>}>
          Keys act for this workspace with administrator rights (or read-only).
        </EmptyState>
      }
      rowKey={(k) => k.id}
      columns={[
        { header: "Name", cell: (k) => <span className="font-medium">{k.name}</span> },
        { header: "Key", cell: (k) => <code className="text-xs">{k.prefix}…</code> },
        {
          header: "Access",
          cell: (k) =>
            k.scopes.includes("write") ? <Badge tone="amber">read & write</Badge> : <Badge>read-only</Badge>,
        },
        { header: "Created", cell: (k) => formatDateTime(k.createdAt) },
        { header: "Last used", cell: (k) => formatRelativeTime(k.lastUsedAt) },
        { header: "Expires", cell: (k) => (k.expiresAt ? formatDateTime(k.expiresAt) : "never") },
        {
          header: "",
          cell: (k) => (
            <button type="button" className="text-xs text-red-600 hover:underline" onClick={() => confirmRevoke.ask(k)}>
              Revoke
            </button>
          ),
        },
      ]}
    >
      {confirmRevoke.dialog}
      <Dialog open={open} title={createdKey ? "Copy your key now" : "Create an API key"} onClose={close}>
        {createdKey ? (
          <div className="space-y-3">
            <p className="text-sm text-slate-600">This is the only time the key is shown. Store it somewhere safe.</p>
            <CopyBox value={createdKey} testId="new-api-key" />
            <div className="flex justify-end">
              <Button onClick={close}>Done</Button>
            </div>
          </div>
        ) : (
          <form onSubmit={submit} className="space-y-4">
            <TextField
              label="Name"
              name="name"
              required
              placeholder="Grafana export"
              hint="Name it after what will use it."
              error={fieldErrors.name}
            />
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="readOnly" /> Read-only
            </label>
            <FormError error={create.error} fields={["name"]} />
            <div className="flex justify-end gap-2">
              <Button variant="secondary" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" busy={create.isPending}>
                Create
              </Button>
            </div>
          </form>
        )}
      </Dialog>
    </ListPage>
  );
}
