"use client";
import { Button, Card, EmptyState, QueryView } from "@industryos/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "../trpc.ts";
import { EntityLink } from "./entity-link.tsx";

type RelatableType = "DEVICE" | "ASSET" | "CUSTOMER";

/**
 * Relations from and to an entity, each side named and linked, with Remove; and a form to relate it.
 * `relateTo: "parent"` puts the entity inside an asset (a device's page); `"child"` relates a device
 * or asset to it (an asset's or a customer's page: "this asset contains Pump 3").
 */
export function RelationsCard({
  entity,
  noun,
  relateTo,
}: {
  entity: { type: RelatableType; id: string };
  /** "device", "asset", "customer": the rows say "… contains this device". */
  noun: string;
  relateTo: "parent" | "child";
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const outgoing = useQuery(trpc.relations.list.queryOptions({ fromId: entity.id, page: 1, pageSize: 50 }));
  const incoming = useQuery(trpc.relations.list.queryOptions({ toId: entity.id, page: 1, pageSize: 50 }));
  const assets = useQuery(trpc.assets.list.queryOptions({ page: 1, pageSize: 100 }));
  const devices = useQuery({
    ...trpc.devices.list.queryOptions({ page: 1, pageSize: 100 }),
    enabled: relateTo === "child",
  });
  const [error, setError] = useState<string>();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.relations.list.queryKey() });
  const create = useMutation(
    trpc.relations.create.mutationOptions({ onSuccess: refresh, onError: (e) => setError(e.message) }),
  );
  const remove = useMutation(trpc.relations.delete.mutationOptions({ onSuccess: refresh }));

  // What the form offers: assets as parents; devices and assets (but not this one) as children.
  const candidates = [
    ...(assets.data?.data ?? []).map((a) => ({ type: "ASSET" as const, id: a.id, name: a.name })),
    ...(relateTo === "child" ? (devices.data?.data ?? []) : []).map((d) => ({
      type: "DEVICE" as const,
      id: d.id,
      name: d.name,
    })),
  ].filter((c) => c.id !== entity.id);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const [type, id] = String(form.get("other") ?? "").split(":") as [RelatableType | "", string | undefined];
    if (!type || !id) return;
    const other = { type, id };
    setError(undefined);
    create.mutate({
      body: {
        from: relateTo === "parent" ? other : entity,
        to: relateTo === "parent" ? entity : other,
        type: String(form.get("type") ?? "Contains"),
        typeGroup: "COMMON",
      },
    });
  };

  const rows = incoming.data &&
    outgoing.data && [
      ...incoming.data.data.map((r) => ({ id: r.id, relation: r.type.toLowerCase(), other: r.from, incoming: true })),
      ...outgoing.data.data.map((r) => ({ id: r.id, relation: r.type.toLowerCase(), other: r.to, incoming: false })),
    ];
  // The card waits for both directions, shows whichever error came, and tries both again.
  const relations = {
    isPending: outgoing.isPending || incoming.isPending,
    isFetching: outgoing.isFetching || incoming.isFetching,
    error: outgoing.error ?? incoming.error,
    data: rows,
    refetch: () => Promise.all([outgoing.refetch(), incoming.refetch()]),
  };
  // In both branches rather than after the QueryView: no relating until the relations have loaded.
  const relateForm = (
    <>
      <form onSubmit={submit} className="mt-4 flex flex-wrap items-end gap-2 text-sm">
        <select
          name="other"
          aria-label={relateTo === "parent" ? "Asset" : "Device or asset"}
          className="min-w-0 flex-1 rounded-md border-0 py-1.5 ring-1 ring-slate-300"
          defaultValue=""
        >
          <option value="" disabled>
            {candidates.length === 0
              ? `Add ${relateTo === "parent" ? "an asset" : "a device or asset"} first`
              : `Choose ${relateTo === "parent" ? "an asset" : "a device or asset"}…`}
          </option>
          {candidates.map((c) => (
            <option key={c.id} value={`${c.type}:${c.id}`}>
              {relateTo === "child" ? `${c.name} (${c.type.toLowerCase()})` : c.name}
            </option>
          ))}
        </select>
        <select name="type" aria-label="Relation type" className="rounded-md border-0 py-1.5 ring-1 ring-slate-300">
          <option>Contains</option>
          <option>Manages</option>
          <option>Uses</option>
        </select>
        <Button type="submit" busy={create.isPending}>
          Relate
        </Button>
      </form>
      {error && (
        <p role="alert" className="mt-2 text-sm text-red-600">
          {error}
        </p>
      )}
    </>
  );

  return (
    <Card title="Relations">
      <QueryView
        query={relations}
        isEmpty={(d) => d.length === 0}
        empty={
          <>
            <EmptyState title="Not related to anything yet" />
            {relateForm}
          </>
        }
      >
        {(list) => (
          <>
            <ul className="divide-y divide-slate-100 text-sm">
              {list.map((r) => (
                <li key={r.id} className="flex justify-between gap-3 py-1.5" data-testid="relation">
                  <span className="min-w-0 break-words">
                    {r.incoming ? (
                      <>
                        <EntityLink entity={r.other} /> {r.relation} this {noun}
                      </>
                    ) : (
                      <>
                        This {noun} {r.relation} <EntityLink entity={r.other} />
                      </>
                    )}
                  </span>
                  <button
                    type="button"
                    className="text-xs text-red-600 hover:underline"
                    onClick={() => remove.mutate({ id: r.id })}
                  >
                    Remove
                  </button>
                </li>
              ))}
            </ul>
            {relateForm}
          </>
        )}
      </QueryView>
    </Card>
  );
}
