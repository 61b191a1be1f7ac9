"use client";
import { Button, Dialog, EmptyState, ListNotice, ListPage, TextField, formatDateTime } from "@industryos/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { FormError } from "../form-error.tsx";
import { fieldErrorsOf } from "../form-errors.ts";
import { useTRPC } from "../trpc.ts";
import { useConfirmAction } from "../use-confirm-action.tsx";

export function CustomersPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const customers = useQuery(trpc.customers.list.queryOptions({ page: 1, pageSize: 100 }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.customers.list.queryKey() });
  const [open, setOpen] = useState(false);
  const create = useMutation(
    trpc.customers.create.mutationOptions({
      onSuccess: () => {
        setOpen(false);
        void refresh();
      },
    }),
  );
  const remove = useMutation(trpc.customers.delete.mutationOptions({ onSuccess: refresh }));
  // Deleting a customer deletes its users too: with more than one, the customer's name is typed first.
  const confirmDelete = useConfirmAction({
    title: (c: { id: string; title: string; userCount?: number | null }) => `Delete ${c.title}?`,
    body: (c) =>
      `Its ${c.userCount ?? 0} user${c.userCount === 1 ? " is" : "s are"} deleted with it; its devices return to you.`,
    typedConfirmation: (c) => ((c.userCount ?? 0) > 1 ? c.title : undefined),
    confirmLabel: "Delete customer",
    action: (c) => remove.mutateAsync({ id: c.id }),
  });
  const fieldErrors = fieldErrorsOf(create.error);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({ body: { title: String(form.get("title")), email: String(form.get("email") ?? "") || null } });
  };

  return (
    <ListPage
      title="Customers"
      description="The companies you serve. Assign devices to a customer and invite its people as customer users."
      actions={<Button onClick={() => setOpen(true)}>Add customer</Button>}
      notice={<ListNotice error={remove.error} />}
      query={customers}
      empty={<EmptyState title="No customers yet">Customers see only the devices you assign to them.</EmptyState>}
      rowKey={(c) => c.id}
      columns={[
        {
          header: "Customer",
          cell: (c) => (
            <Link href={`/customers/${c.id}`} className="font-medium text-brand-700 hover:underline">
              {c.title}
            </Link>
          ),
        },
        { header: "Email", cell: (c) => c.email ?? "—" },
        {
          header: "Devices",
          cell: (c) => (
            <Link className="text-brand-600 hover:underline" href={`/devices?customerId=${c.id}`}>
              {c.deviceCount ?? 0}
            </Link>
          ),
        },
        { header: "Users", cell: (c) => c.userCount ?? 0 },
        { header: "Added", cell: (c) => formatDateTime(c.createdAt) },
        {
          header: "",
          cell: (c) => (
            <button type="button" className="text-xs text-red-600 hover:underline" onClick={() => confirmDelete.ask(c)}>
              Delete
            </button>
          ),
        },
      ]}
    >
      {confirmDelete.dialog}
      <Dialog open={open} title="Add a customer" onClose={() => setOpen(false)}>
        <form onSubmit={submit} className="space-y-4">
          <TextField label="Name" name="title" required error={fieldErrors.title} />
          <TextField label="Contact email" name="email" type="email" error={fieldErrors.email} />
          <FormError error={create.error} fields={["title", "email"]} />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" busy={create.isPending}>
              Add customer
            </Button>
          </div>
        </form>
      </Dialog>
    </ListPage>
  );
}
