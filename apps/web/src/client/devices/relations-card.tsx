"use client";
import { Button, Card, EmptyState, QueryView } from "@industryos/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "../trpc.ts";

/** Relations from and to this device, and a way to put it inside an asset. */
export function RelationsCard({ deviceId }: { deviceId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const outgoing = useQuery(trpc.relations.list.queryOptions({ fromId: deviceId, page: 1, pageSize: 50 }));
  const incoming = useQuery(trpc.relations.list.queryOptions({ toId: deviceId, page: 1, pageSize: 50 }));
  const assets = useQuery(trpc.assets.list.queryOptions({ page: 1, pageSize: 100 }));
  const [error, setError] = useState<string>();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.relations.list.queryKey() });
  const create = useMutation(
    trpc.relations.create.mutationOptions({ onSuccess: refresh, onError: (e) => setError(e.message) }),
  );
  const remove = useMutation(trpc.relations.delete.mutationOptions({ onSuccess: refresh }));
  const assetName = (id: string) => assets.data?.data.find((a) => a.id === id)?.name ?? `${id.slice(0, 8)}…`;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const assetId = String(form.get("assetId") ?? "");
    if (!assetId) return;
    setError(undefined);
    create.mutate({
      body: {
        from: { type: "ASSET", id: assetId },
        to: { type: "DEVICE", id: deviceId },
        type: String(form.get("type") ?? "Contains"),
        typeGroup: "COMMON",
      },
    });
  };

  const rows = incoming.data &&
    outgoing.data && [
      ...incoming.data.data.map((r) => ({
        id: r.id,
        text: `${r.from.type === "ASSET" ? assetName(r.from.id) : `${r.from.type.toLowerCase()} ${r.from.id.slice(0, 8)}…`} ${r.type.toLowerCase()} this device`,
      })),
      ...outgoing.data.data.map((r) => ({
        id: r.id,
        text: `This device ${r.type.toLowerCase()} ${r.to.type === "ASSET" ? assetName(r.to.id) : `${r.to.type.toLowerCase()} ${r.to.id.slice(0, 8)}…`}`,
      })),
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
      <form onSubmit={submit} className="mt-4 flex items-end gap-2 text-sm">
        <select
          name="assetId"
          aria-label="Asset"
          className="flex-1 rounded-md border-0 py-1.5 ring-1 ring-slate-300"
          defaultValue=""
        >
          <option value="" disabled>
            {assets.data?.total === 0 ? "Add an asset first" : "Choose an asset…"}
          </option>
          {assets.data?.data.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
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
                <li key={r.id} className="flex justify-between py-1.5">
                  <span>{r.text}</span>
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
