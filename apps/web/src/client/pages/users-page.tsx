"use client";
import {
  Badge,
  Button,
  Dialog,
  EmptyState,
  ListNotice,
  ListPage,
  SelectField,
  TextField,
  formatRelativeTime,
} from "@industryos/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useSessionUser } from "../console/session-context.tsx";
import { FormError } from "../form-error.tsx";
import { fieldErrorsOf } from "../form-errors.ts";
import { useTRPC } from "../trpc.ts";
import { useConfirmAction } from "../use-confirm-action.tsx";

export function UsersPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useSessionUser();
  const users = useQuery(trpc.users.list.queryOptions({ page: 1, pageSize: 100 }));
  const customers = useQuery(trpc.customers.list.queryOptions({ page: 1, pageSize: 100 }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
  const [open, setOpen] = useState(false);
  const [role, setRole] = useState<"TENANT_ADMIN" | "CUSTOMER_USER">("CUSTOMER_USER");
  const invite = useMutation(
    trpc.users.create.mutationOptions({
      onSuccess: () => {
        setOpen(false);
        void refresh();
      },
    }),
  );
  const update = useMutation(trpc.users.update.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.users.delete.mutationOptions({ onSuccess: refresh }));
  const confirmDelete = useConfirmAction({
    title: (u: { id: string; email: string }) => `Delete ${u.email}?`,
    body: () => "They are signed out at once and can no longer sign in to this workspace.",
    confirmLabel: "Delete user",
    action: (u) => remove.mutateAsync({ id: u.id }),
  });
  const fieldErrors = fieldErrorsOf(invite.error);
  const customerTitle = (id: string | null) => customers.data?.data.find((c) => c.id === id)?.title ?? "—";

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    invite.mutate({
      body: {
        email: String(form.get("email")),
        role,
        customerId: role === "CUSTOMER_USER" ? String(form.get("customerId") ?? "") || undefined : undefined,
      },
    });
  };

  return (
    <ListPage
      title="Users"
      description="People who can sign in to this workspace."
      actions={<Button onClick={() => setOpen(true)}>Invite user</Button>}
      notice={<ListNotice error={update.error ?? remove.error} />}
      query={users}
      empty={<EmptyState title="No users" />}
      rowKey={(u) => u.id}
      columns={[
        { header: "Email", cell: (u) => <span className="font-medium">{u.email}</span> },
        {
          header: "Role",
          cell: (u) =>
            u.role === "TENANT_ADMIN" ? <Badge tone="blue">administrator</Badge> : <Badge>customer user</Badge>,
        },
        { header: "Customer", cell: (u) => customerTitle(u.customerId) },
        {
          header: "State",
          cell: (u) =>
            u.disabled ? (
              <Badge tone="red">disabled</Badge>
            ) : u.lastLoginAt ? (
              <Badge tone="green">active</Badge>
            ) : (
              <Badge tone="amber">invited</Badge>
            ),
        },
        { header: "Last sign-in", cell: (u) => formatRelativeTime(u.lastLoginAt) },
        {
          header: "",
          cell: (u) =>
            u.id === me.id ? (
              <span className="text-xs text-slate-400">you</span>
            ) : (
              <span className="flex gap-3 text-xs">
                <button
                  type="button"
                  className="text-slate-600 hover:underline"
                  onClick={() => update.mutate({ id: u.id, body: { disabled: !u.disabled } })}
                >
                  {u.disabled ? "Enable" : "Disable"}
                </button>
                <button type="button" className="text-red-600 hover:underline" onClick={() => confirmDelete.ask(u)}>
                  Delete
                </button>
              </span>
            ),
        },
      ]}
    >
      {confirmDelete.dialog}
      <Dialog open={open} title="Invite a user" onClose={() => setOpen(false)}>
        <form onSubmit={submit} className="space-y-4">
          <TextField label="Email" name="email" type="email" required error={fieldErrors.email} />
          <SelectField
            label="Role"
            value={role}
            onChange={(e) => setRole(e.target.value as typeof role)}
            options={[
              { value: "CUSTOMER_USER", label: "Customer user — sees its customer's devices" },
              { value: "TENANT_ADMIN", label: "Administrator — everything" },
            ]}
          />
          {role === "CUSTOMER_USER" && (
            <SelectField
              label="Customer"
              name="customerId"
              options={(customers.data?.data ?? []).map((c) => ({ value: c.id, label: c.title }))}
              hint={customers.data?.total === 0 ? "Add a customer first." : undefined}
            />
          )}
          <FormError error={invite.error} fields={["email"]} />
          <p className="text-xs text-slate-500">We email them a link to choose a password.</p>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" busy={invite.isPending}>
              Send invitation
            </Button>
          </div>
        </form>
      </Dialog>
    </ListPage>
  );
}
