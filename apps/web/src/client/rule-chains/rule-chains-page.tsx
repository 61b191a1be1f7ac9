"use client";
import type { RouterOutputs } from "@industryos/api/router";
import {
  Badge,
  Button,
  ConfirmDialog,
  Dialog,
  EmptyState,
  ListNotice,
  ListPage,
  TextField,
  formatRelativeTime,
  type Column,
} from "@industryos/ui";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";
import { FormError } from "../form-error.tsx";
import { fieldErrorsOf } from "../form-errors.ts";
import { useTRPC } from "../trpc.ts";
import { useDebounced } from "../use-debounced.ts";
import { RuleEngineStatus } from "./rule-engine-status.tsx";

type Chain = RouterOutputs["ruleChains"]["list"]["data"][number];
const PAGE_SIZE = 20;

export function downloadJson(name: string, value: unknown) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(value, null, 2)], { type: "application/json" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

const fileName = (name: string) => `${name.replace(/[^\w.-]+/g, "-").replace(/^-|-$/g, "") || "rule-chain"}.json`;

/** /rule-chains: the tenant's chains (root first), new, import, export, make root, delete; the rule engine's state below. */
export function RuleChainsPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const file = useRef<HTMLInputElement>(null);
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<Chain | null>(null);
  const [notice, setNotice] = useState<Error | null>(null);
  const debounced = useDebounced(search);
  const chains = useQuery({
    ...trpc.ruleChains.list.queryOptions({ page, pageSize: PAGE_SIZE, search: debounced || undefined }),
    placeholderData: keepPreviousData,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.ruleChains.list.queryKey() });
  const create = useMutation(trpc.ruleChains.create.mutationOptions());
  const importChain = useMutation(trpc.ruleChains.import.mutationOptions({ onSuccess: refresh }));
  const setRoot = useMutation(trpc.ruleChains.setRoot.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(
    trpc.ruleChains.delete.mutationOptions({
      onSuccess: () => {
        setDeleting(null);
        void refresh();
      },
    }),
  );
  const fieldErrors = fieldErrorsOf(create.error);

  const run = (work: () => Promise<unknown>) => {
    setNotice(null);
    work().catch((e: unknown) => setNotice(e instanceof Error ? e : new Error(String(e))));
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get("name") ?? "");
    create.mutate(
      { body: { name, nodes: [], connections: [] } },
      {
        onSuccess: (created) => {
          void refresh();
          router.push(`/rule-chains/${created.id}`);
        },
      },
    );
  };

  const onImport = (picked: File | undefined) =>
    run(async () => {
      if (!picked) return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(await picked.text());
      } catch {
        throw new Error(`${picked.name} is not JSON: export a chain here to see the format`);
      }
      const body = parsed as { name?: unknown; nodes?: unknown; connections?: unknown };
      if (!body || typeof body !== "object" || !Array.isArray(body.nodes) || !Array.isArray(body.connections))
        throw new Error(`${picked.name} is not an exported rule chain: it needs name, nodes and connections`);
      const name = typeof body.name === "string" && body.name.trim() ? body.name : picked.name.replace(/\.json$/i, "");
      const created = await importChain.mutateAsync({
        body: { name, nodes: body.nodes as never, connections: body.connections as never },
      });
      router.push(`/rule-chains/${created.id}`);
    });

  const exportChain = (chain: Chain) =>
    run(async () => {
      const json = await queryClient.fetchQuery(trpc.ruleChains.export.queryOptions({ id: chain.id }));
      downloadJson(fileName(chain.name), json);
    });

  const columns: Column<Chain>[] = [
    {
      header: "Name",
      cell: (c) => (
        <Link href={`/rule-chains/${c.id}`} className="font-medium text-brand-700 hover:underline">
          {c.name}
        </Link>
      ),
    },
    { header: "Root", cell: (c) => (c.root ? <Badge tone="blue">Root</Badge> : null) },
    { header: "Version", cell: (c) => `v${c.version}` },
    { header: "Nodes", cell: (c) => c.nodeCount },
    {
      header: "Updated",
      cell: (c) => <span title={new Date(c.updatedAt).toLocaleString()}>{formatRelativeTime(c.updatedAt)}</span>,
    },
    {
      header: "Actions",
      cell: (c) => (
        <div className="flex items-center gap-3 text-xs">
          <button type="button" className="text-slate-600 hover:underline" onClick={() => exportChain(c)}>
            Export
          </button>
          {!c.root && (
            <button
              type="button"
              className="text-slate-600 hover:underline disabled:opacity-50"
              disabled={setRoot.isPending}
              onClick={() => setRoot.mutate({ id: c.id })}
            >
              Make root
            </button>
          )}
          <button
            type="button"
            className="text-red-600 hover:underline"
            onClick={() => {
              remove.reset();
              setDeleting(c);
            }}
          >
            Delete
          </button>
        </div>
      ),
    },
  ];

  return (
    <ListPage
      title="Rule chains"
      description="What happens to each message from your devices: filter it, transform it, raise alarms, call out. The root chain receives every message."
      actions={
        <>
          <Button
            onClick={() => {
              create.reset();
              setCreating(true);
            }}
          >
            New chain
          </Button>
          <Button variant="secondary" busy={importChain.isPending} onClick={() => file.current?.click()}>
            Import
          </Button>
          <input
            ref={file}
            type="file"
            accept="application/json,.json"
            aria-label="Import a rule chain from a JSON file"
            className="hidden"
            onChange={(e) => {
              onImport(e.target.files?.[0]);
              e.target.value = "";
            }}
          />
        </>
      }
      search={{
        label: "Search rule chains",
        value: search,
        onChange: (value) => {
          setSearch(value);
          setPage(1);
        },
      }}
      notice={<ListNotice error={notice ?? setRoot.error} />}
      query={chains}
      empty={<EmptyState title={debounced ? "No rule chains match" : "No rule chains yet"} />}
      columns={columns}
      rowKey={(c) => c.id}
      paging={{ page, pageSize: PAGE_SIZE, onPage: setPage }}
    >
      <RuleEngineStatus />
      <Dialog open={creating} title="New rule chain" onClose={() => setCreating(false)}>
        <form onSubmit={submit} className="space-y-4">
          <TextField label="Name" name="name" required placeholder="Temperature alarms" error={fieldErrors.name} />
          <FormError error={create.error} fields={["name"]} />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setCreating(false)}>
              Cancel
            </Button>
            <Button type="submit" busy={create.isPending}>
              Create and open
            </Button>
          </div>
        </form>
      </Dialog>
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete “${deleting?.name ?? ""}”?`}
        confirmLabel="Delete chain"
        busy={remove.isPending}
        error={remove.error}
        blocked={
          deleting?.root
            ? "This is the root rule chain: every message goes through it, so it cannot be deleted. Make another chain the root first."
            : undefined
        }
        onConfirm={() => deleting && remove.mutate({ id: deleting.id })}
        onClose={() => setDeleting(null)}
      >
        <p>The chain and all its saved versions are deleted. This cannot be undone.</p>
      </ConfirmDialog>
    </ListPage>
  );
}
