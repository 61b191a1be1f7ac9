"use client";
import { Badge, Button, QueryView, cx } from "@industryos/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Background,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  useEdgesState,
  useNodesState,
  useReactFlow,
  type Connection,
} from "@xyflow/react";
import Link from "next/link";
import { useParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useState, type DragEvent } from "react";
import { useTRPC } from "../trpc.ts";
import {
  CATEGORY_STYLES,
  CanvasContext,
  EDGE_TYPES,
  NODE_TYPES,
  type FlowNode,
  type RelationEdge,
  type RuleFlowNode,
} from "./canvas.tsx";
import {
  INPUT_ID,
  INPUT_RELATION,
  chainWarnings,
  configProblems,
  connectionCounts,
  defaultConfig,
  detailsOf,
  errorCodeOf,
  newNodeId,
  nodeErrorsFrom,
  nodeLabel,
  relationsOf,
  type ChainConnection,
  type ChainNode,
  type NodeType,
  type RuleChain,
} from "./chain-model.ts";
import { ConfigForm, ScriptTester } from "./config-form.tsx";
import { DebugPanel } from "./debug-panel.tsx";
import { downloadJson } from "./rule-chains-page.tsx";
import { VersionHistory } from "./version-history.tsx";

const DRAG_TYPE = "application/x-industryos-rule-node";

const toFlowNode = (node: ChainNode, i: number): RuleFlowNode => ({
  id: node.id,
  type: "rule",
  position: node.position ?? { x: 300 + (i % 3) * 260, y: 80 + Math.floor(i / 3) * 140 },
  data: { node },
});

const toFlowEdge = (c: ChainConnection): RelationEdge => ({
  id: `${c.from}|${c.relation}|${c.to}`,
  source: c.from,
  target: c.to,
  type: "relation",
  data: { relation: c.relation },
  markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
});

function flowOf(chain: Pick<RuleChain, "nodes" | "connections">) {
  const nodes = chain.nodes.map(toFlowNode);
  const entry = chain.connections.find((c) => c.from === INPUT_ID);
  const first = nodes.find((n) => n.id === entry?.to);
  const minX = nodes.length > 0 ? Math.min(...nodes.map((n) => n.position.x)) : 300;
  const input: FlowNode = {
    id: INPUT_ID,
    type: "entry",
    position: { x: minX - 220, y: (first?.position.y ?? 100) + 12 },
    data: {},
    deletable: false,
  };
  return { nodes: [input, ...nodes] as FlowNode[], edges: chain.connections.map(toFlowEdge) };
}

const definitionOf = (nodes: FlowNode[], edges: RelationEdge[]) => ({
  nodes: nodes
    .filter((n): n is RuleFlowNode => n.type === "rule")
    .map((n) => ({ ...n.data.node, position: { x: Math.round(n.position.x), y: Math.round(n.position.y) } })),
  connections: edges.map((e) => ({ from: e.source, to: e.target, relation: e.data?.relation ?? INPUT_RELATION })),
});

/** /rule-chains/[id]: the visual editor (wide screens) or a message saying it needs one. */
export function RuleChainEditorPage() {
  const { id } = useParams<{ id: string }>();
  const trpc = useTRPC();
  const chain = useQuery({ ...trpc.ruleChains.get.queryOptions({ id }), refetchOnWindowFocus: false });
  const palette = useQuery({ ...trpc.ruleEngine.nodeTypes.queryOptions(), staleTime: Infinity });
  const both = {
    ...chain,
    data: chain.data && palette.data ? { chain: chain.data, palette: palette.data } : undefined,
    error: chain.error ?? palette.error,
    isPending: chain.isPending || palette.isPending,
  };
  return (
    <>
      <div className="md:hidden" role="note">
        <h1 className="text-xl font-semibold text-slate-900">{chain.data?.name ?? "Rule chain"}</h1>
        <p className="mt-3 rounded-lg bg-amber-50 p-4 text-sm text-amber-900 ring-1 ring-amber-200">
          The rule-chain editor needs a wider screen (at least 768 pixels). Open this chain on a tablet or a computer.
        </p>
        <Link href="/rule-chains" className="mt-4 inline-block text-sm font-medium text-brand-700 hover:underline">
          ← Back to the rule chains
        </Link>
      </div>
      <div className="hidden md:block">
        <QueryView query={both} loadingLabel="Loading the rule chain…" errorTitle="Could not open the rule chain">
          {({ chain: loaded, palette: types }) => (
            <ReactFlowProvider>
              <Editor initial={loaded} types={types.data} categories={types.categories} />
            </ReactFlowProvider>
          )}
        </QueryView>
      </div>
    </>
  );
}

type Tab = "node" | "history" | "debug";

function Editor({ initial, types, categories }: { initial: RuleChain; types: NodeType[]; categories: string[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const flow = useReactFlow<FlowNode, RelationEdge>();
  const typeMap = useMemo(() => new Map(types.map((t) => [t.type, t])), [types]);
  const [saved, setSaved] = useState<RuleChain>(initial);
  const [name, setName] = useState(initial.name);
  const [nodes, setNodes, onNodesChange] = useNodesState<FlowNode>(flowOf(initial).nodes);
  const [edges, setEdges, onEdgesChange] = useEdgesState<RelationEdge>(flowOf(initial).edges);
  const [pending, setPending] = useState<{ source: string; target: string } | null>(null);
  const [tab, setTab] = useState<Tab>("node");
  const [search, setSearch] = useState("");
  const [serverErrors, setServerErrors] = useState<{ byNode: Map<string, Record<string, string>>; other: string[] }>({
    byNode: new Map(),
    other: [],
  });
  const [conflict, setConflict] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const definition = useMemo(() => definitionOf(nodes, edges), [nodes, edges]);
  const baseline = useMemo(
    () => JSON.stringify({ name: saved.name, ...definitionOf(flowOf(saved).nodes, flowOf(saved).edges) }),
    [saved],
  );
  const dirty = JSON.stringify({ name, ...definition }) !== baseline;
  const warnings = useMemo(
    () => chainWarnings(definition.nodes, definition.connections, typeMap),
    [definition, typeMap],
  );
  const warningsByNode = useMemo(() => {
    const map = new Map<string, string[]>();
    for (const w of warnings) map.set(w.nodeId, [...(map.get(w.nodeId) ?? []), w.message]);
    return map;
  }, [warnings]);

  // Per-connection message counts, from the debug events of the chain's nodes with debug on (as saved).
  const anyDebug = saved.nodes.some((n) => n.debug);
  const events = useQuery({
    ...trpc.ruleChains.debugEvents.queryOptions({ id: saved.id, limit: 500 }),
    enabled: anyDebug,
    refetchInterval: 5_000,
  });
  const counts = useMemo(
    () => connectionCounts(events.data?.data ?? [], definition.connections),
    [events.data, definition.connections],
  );
  const canvasState = useMemo(
    () => ({ types: typeMap, warnings: warningsByNode, errors: serverErrors.byNode, counts }),
    [typeMap, warningsByNode, serverErrors.byNode, counts],
  );

  const selectedNode = nodes.find((n): n is RuleFlowNode => n.type === "rule" && Boolean(n.selected));
  const selectedEdge = edges.find((e) => e.selected);

  const load = useCallback(
    (chain: RuleChain) => {
      const next = flowOf(chain);
      setSaved(chain);
      setName(chain.name);
      setNodes(next.nodes);
      setEdges(next.edges);
      setServerErrors({ byNode: new Map(), other: [] });
      setConflict(false);
      setPending(null);
    },
    [setNodes, setEdges],
  );

  const invalidate = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.ruleChains.list.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.ruleChains.versions.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.ruleChains.get.queryKey({ id: saved.id }) }),
    ]);

  const save = useMutation(
    trpc.ruleChains.update.mutationOptions({
      onSuccess: (result, sent) => {
        setSaved({ ...result, nodes: sent.body.nodes as RuleChain["nodes"], connections: sent.body.connections });
        setServerErrors({ byNode: new Map(), other: [] });
        setMessage(`Saved as version ${result.version}`);
        void invalidate();
      },
      onError: (error) => {
        setMessage(null);
        if (errorCodeOf(error) === "CONFLICT") return setConflict(true);
        const details = detailsOf(error);
        if (details.length === 0) return;
        const mapped = nodeErrorsFrom(
          details,
          definition.nodes.map((n) => n.id),
        );
        setServerErrors(mapped);
        const first = mapped.byNode.keys().next().value;
        if (first) selectOnly(first);
      },
    }),
  );

  const reloadLatest = async () => {
    const latest = await queryClient.fetchQuery({
      ...trpc.ruleChains.get.queryOptions({ id: saved.id }),
      staleTime: 0,
    });
    load(latest);
    setMessage(`Loaded version ${latest.version}`);
  };

  const onSave = () => {
    setMessage(null);
    save.mutate({
      id: saved.id,
      body: { name, nodes: definition.nodes, connections: definition.connections, version: saved.version },
    });
  };

  // Leaving with unsaved changes asks first.
  useEffect(() => {
    if (!dirty) return;
    const onLeave = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", onLeave);
    return () => window.removeEventListener("beforeunload", onLeave);
  }, [dirty]);

  const selectOnly = useCallback(
    (nodeId: string) => {
      setNodes((ns) => ns.map((n) => ({ ...n, selected: n.id === nodeId })));
      setEdges((es) => es.map((e) => (e.selected ? { ...e, selected: false } : e)));
      setTab("node");
    },
    [setNodes, setEdges],
  );

  const updateNode = (nodeId: string, change: (node: ChainNode) => ChainNode) =>
    setNodes((ns) =>
      ns.map((n) => (n.id === nodeId && n.type === "rule" ? { ...n, data: { node: change(n.data.node) } } : n)),
    );

  const addNode = (type: NodeType, position?: { x: number; y: number }) => {
    const id = newNodeId(
      type.type,
      nodes.map((n) => n.id),
    );
    const where =
      position ??
      (() => {
        const box = document.querySelector(".react-flow")?.getBoundingClientRect();
        const center = box
          ? flow.screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 3 })
          : { x: 300, y: 120 };
        // The centre of the view, moved down until it covers no other node.
        const at = { x: center.x - 104, y: center.y };
        const covers = (n: FlowNode) => Math.abs(n.position.x - at.x) < 220 && Math.abs(n.position.y - at.y) < 80;
        for (let i = 0; i < 50 && nodes.some(covers); i++) at.y += 90;
        return at;
      })();
    const node: ChainNode = { id, type: type.type, name: type.title, config: defaultConfig(type) };
    setNodes((ns) => [
      ...ns.map((n) => ({ ...n, selected: false })),
      { ...toFlowNode(node, 0), position: where, selected: true },
    ]);
    setEdges((es) => es.map((e) => (e.selected ? { ...e, selected: false } : e)));
    setTab("node");
  };

  const connect = (source: string, target: string, relation: string) => {
    const edge = toFlowEdge({ from: source, to: target, relation });
    setEdges((es) => (es.some((e) => e.id === edge.id) ? es : [...es, edge]));
    setPending(null);
  };

  const onConnect = (c: Connection) => {
    if (!c.source || !c.target || c.source === c.target || c.target === INPUT_ID) return;
    if (c.source === INPUT_ID) return connect(c.source, c.target, INPUT_RELATION);
    setPending({ source: c.source, target: c.target });
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    const type = typeMap.get(e.dataTransfer.getData(DRAG_TYPE));
    if (!type) return;
    const at = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
    addNode(type, { x: at.x - 104, y: at.y - 30 });
  };

  const labelOf = (nodeId: string) => {
    if (nodeId === INPUT_ID) return "Input";
    const node = definition.nodes.find((n) => n.id === nodeId);
    return node ? nodeLabel(node, typeMap) : nodeId;
  };

  const exportJson = () =>
    downloadJson(`${name.replace(/[^\w.-]+/g, "-") || "rule-chain"}.json`, {
      name,
      nodes: definition.nodes,
      connections: definition.connections,
    });

  const q = search.trim().toLowerCase();
  const shown = types.filter(
    (t) => !q || `${t.title} ${t.description} ${t.type} ${t.category}`.toLowerCase().includes(q),
  );

  return (
    <CanvasContext.Provider value={canvasState}>
      {/* Edge to edge under the console's top bar (below `lg`) or beside its sidebar: undoes main's padding. */}
      <div className="-mx-6 -my-5 flex h-[calc(100dvh-3.5rem)] flex-col lg:-mx-8 lg:-my-8 lg:h-screen">
        {/* Toolbar */}
        <header className="flex flex-wrap items-center gap-3 border-b border-slate-200 bg-white px-4 py-2">
          <Link
            href="/rule-chains"
            className="text-sm text-slate-500 hover:text-slate-800"
            aria-label="All rule chains"
          >
            ← Rule chains
          </Link>
          <input
            aria-label="Chain name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            className="min-w-0 rounded-md border-0 px-2 py-1 text-base font-semibold text-slate-900 ring-1 ring-transparent hover:ring-slate-200 focus:ring-2 focus:ring-brand-500"
          />
          {saved.root && <Badge tone="blue">Root</Badge>}
          <span className="text-xs text-slate-500" data-testid="chain-version">
            Version {saved.version}
          </span>
          {dirty && <span className="text-xs font-medium text-amber-700">Unsaved changes</span>}
          <div className="ml-auto flex items-center gap-2">
            {message && !dirty && (
              <span role="status" className="text-xs text-emerald-700">
                {message}
              </span>
            )}
            <Button variant="secondary" onClick={exportJson}>
              Export
            </Button>
            <Button onClick={onSave} busy={save.isPending} disabled={!dirty && !save.isError}>
              Save
            </Button>
          </div>
        </header>
        {conflict && (
          <div
            role="alert"
            className="flex items-center gap-3 border-b border-red-200 bg-red-50 px-4 py-2 text-sm text-red-800"
          >
            Someone else saved this chain after you opened it (you started from version {saved.version}). Saving now
            would overwrite their changes.
            <Button variant="secondary" onClick={() => void reloadLatest()}>
              Load their version (discard mine)
            </Button>
          </div>
        )}
        {(serverErrors.other.length > 0 || (save.error && !conflict && detailsOf(save.error).length === 0)) && (
          <div role="alert" className="border-b border-red-200 bg-red-50 px-4 py-2 text-sm text-red-800">
            {serverErrors.other.length > 0 ? serverErrors.other.join(" · ") : save.error?.message}
          </div>
        )}
        {serverErrors.byNode.size > 0 && (
          <div role="alert" className="border-b border-red-200 bg-red-50 px-4 py-2 text-sm text-red-800">
            Not saved: {[...serverErrors.byNode.keys()].map(labelOf).join(", ")} need
            {serverErrors.byNode.size === 1 ? "s" : ""} fixing (see beside the fields).
          </div>
        )}
        <div className="flex min-h-0 flex-1">
          {/* Palette */}
          <aside className="flex w-60 shrink-0 flex-col border-r border-slate-200 bg-white" aria-label="Node palette">
            <div className="p-3">
              <input
                type="search"
                aria-label="Search nodes"
                placeholder="Search nodes…"
                value={search}
                onChange={(e) => setSearch(e.target.value)}
                className="block w-full rounded-md border-0 px-2.5 py-1.5 text-sm ring-1 ring-slate-300 focus:ring-2 focus:ring-brand-500"
              />
              <p className="mt-2 text-[11px] text-slate-500">Drag a node onto the canvas, or click it.</p>
            </div>
            <div className="min-h-0 flex-1 overflow-y-auto px-3 pb-3">
              {categories.map((category) => {
                const inCategory = shown.filter((t) => t.category === category);
                const style = CATEGORY_STYLES[category];
                const empty = types.every((t) => t.category !== category);
                if (inCategory.length === 0 && (q || !empty)) return null;
                return (
                  <section key={category} className="mb-3">
                    <h3 className="mb-1 text-[11px] font-semibold uppercase tracking-wide text-slate-500">
                      {style?.label ?? category}
                    </h3>
                    {empty && <p className="text-[11px] text-slate-400">Coming soon</p>}
                    <ul className="space-y-1">
                      {inCategory.map((t) => (
                        <li key={t.type}>
                          <button
                            type="button"
                            draggable
                            onDragStart={(e) => {
                              e.dataTransfer.setData(DRAG_TYPE, t.type);
                              e.dataTransfer.effectAllowed = "move";
                            }}
                            onClick={() => addNode(t)}
                            title={t.description}
                            aria-label={`Add ${t.title}`}
                            className="flex w-full cursor-grab items-start gap-2 rounded-md px-2 py-1.5 text-left hover:bg-slate-50 active:cursor-grabbing"
                          >
                            <span className={cx("mt-1 size-2 shrink-0 rounded-full", style?.bar ?? "bg-slate-400")} />
                            <span className="min-w-0">
                              <span className="block text-sm font-medium text-slate-800">{t.title}</span>
                              <span className="line-clamp-2 text-[11px] leading-4 text-slate-500">
                                {t.description.replace(/`/g, "")}
                              </span>
                            </span>
                          </button>
                        </li>
                      ))}
                    </ul>
                  </section>
                );
              })}
              {shown.length === 0 && <p className="text-xs text-slate-500">No node matches “{search}”.</p>}
            </div>
          </aside>

          {/* Canvas */}
          <div className="relative min-w-0 flex-1" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
            <ReactFlow<FlowNode, RelationEdge>
              nodes={nodes}
              edges={edges}
              nodeTypes={NODE_TYPES}
              edgeTypes={EDGE_TYPES}
              onNodesChange={onNodesChange}
              onEdgesChange={onEdgesChange}
              onConnect={onConnect}
              onNodeClick={(_, node) => node.type === "rule" && setTab((t) => (t === "history" ? "node" : t))}
              fitView
              fitViewOptions={{ maxZoom: 1, padding: 0.3 }}
              deleteKeyCode={["Delete", "Backspace"]}
              proOptions={{ hideAttribution: true }}
            >
              <Background gap={20} color="#e2e8f0" />
              <Controls showInteractive={false} />
              <MiniMap
                pannable
                zoomable
                nodeColor="#cbd5e1"
                maskColor="rgba(241, 245, 249, 0.6)"
                className="!hidden lg:!block"
              />
            </ReactFlow>
            {pending && (
              <div
                role="dialog"
                aria-label="Choose the relation"
                className="absolute left-1/2 top-4 z-10 w-max max-w-[90%] -translate-x-1/2 rounded-lg bg-white p-3 text-sm shadow-lg ring-1 ring-slate-200"
              >
                <p className="mb-2 text-slate-700">
                  Connect <b>{labelOf(pending.source)}</b> → <b>{labelOf(pending.target)}</b> when it sends:
                </p>
                <div className="flex flex-wrap gap-1.5">
                  {relationsOf(pending.source, definition.nodes, typeMap).map((relation) => (
                    <Button
                      key={relation}
                      variant={relation === "Failure" ? "secondary" : "primary"}
                      onClick={() => connect(pending.source, pending.target, relation)}
                    >
                      {relation}
                    </Button>
                  ))}
                  <Button variant="ghost" onClick={() => setPending(null)}>
                    Cancel
                  </Button>
                </div>
              </div>
            )}
            {definition.nodes.length === 0 && (
              <p className="pointer-events-none absolute inset-x-0 top-1/3 text-center text-sm text-slate-400">
                Add a node from the palette, then connect Input to it.
              </p>
            )}
            {warnings.length > 0 && (
              <details
                className="absolute bottom-3 left-14 z-10 max-w-md rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-900 shadow ring-1 ring-amber-200"
                data-testid="chain-warnings"
              >
                <summary className="cursor-pointer font-medium">
                  {warnings.length} warning{warnings.length === 1 ? "" : "s"}
                </summary>
                <ul className="mt-1 list-disc space-y-0.5 pl-4">
                  {warnings.map((w, i) => (
                    <li key={i}>
                      <button type="button" className="text-left hover:underline" onClick={() => selectOnly(w.nodeId)}>
                        {w.message}
                      </button>
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </div>

          {/* Side panel */}
          <aside
            className="flex w-80 shrink-0 flex-col border-l border-slate-200 bg-white xl:w-96"
            aria-label="Details"
          >
            <div role="tablist" className="flex border-b border-slate-200 text-sm">
              {(
                [
                  ["node", "Configure"],
                  ["debug", "Debug"],
                  ["history", "Versions"],
                ] as const
              ).map(([key, label]) => (
                <button
                  key={key}
                  type="button"
                  role="tab"
                  aria-selected={tab === key}
                  onClick={() => setTab(key)}
                  className={cx(
                    "flex-1 px-3 py-2",
                    tab === key ? "border-b-2 border-brand-600 font-medium text-brand-700" : "text-slate-600",
                  )}
                >
                  {label}
                </button>
              ))}
            </div>
            <div className="min-h-0 flex-1 overflow-y-auto p-4">
              {tab === "history" ? (
                <VersionHistory
                  chain={saved}
                  dirty={dirty}
                  onRestored={(restored) => {
                    load(restored);
                    setMessage(`Restored version ${restored.restoredFrom} as version ${restored.version}`);
                    void invalidate();
                  }}
                />
              ) : selectedNode ? (
                tab === "debug" ? (
                  <DebugPanel
                    key={selectedNode.id}
                    chainId={saved.id}
                    node={selectedNode.data.node}
                    savedDebug={Boolean(saved.nodes.find((n) => n.id === selectedNode.id)?.debug)}
                    onDebugChange={(debug) => updateNode(selectedNode.id, (n) => ({ ...n, debug }))}
                  />
                ) : (
                  <NodeForm
                    key={selectedNode.id}
                    node={selectedNode.data.node}
                    type={typeMap.get(selectedNode.data.node.type)}
                    errors={serverErrors.byNode.get(selectedNode.id) ?? {}}
                    warnings={warningsByNode.get(selectedNode.id) ?? []}
                    edges={edges.filter((e) => e.source === selectedNode.id || e.target === selectedNode.id)}
                    labelOf={labelOf}
                    onChange={(change) => updateNode(selectedNode.id, change)}
                    onDelete={() => flow.deleteElements({ nodes: [{ id: selectedNode.id }] })}
                  />
                )
              ) : selectedEdge ? (
                <EdgeForm
                  edge={selectedEdge}
                  relations={relationsOf(selectedEdge.source, definition.nodes, typeMap)}
                  labelOf={labelOf}
                  onRelation={(relation) => {
                    setEdges((es) => [
                      ...es.filter((e) => e.id !== selectedEdge.id),
                      toFlowEdge({ from: selectedEdge.source, to: selectedEdge.target, relation }),
                    ]);
                  }}
                  onDelete={() => flow.deleteElements({ edges: [{ id: selectedEdge.id }] })}
                />
              ) : (
                <div className="space-y-2 text-sm text-slate-600">
                  <p className="font-medium text-slate-800">How to build a chain</p>
                  <ol className="list-decimal space-y-1 pl-5 text-xs">
                    <li>Add nodes from the palette on the left (drag or click).</li>
                    <li>Drag from a node&apos;s right dot to another node to connect them, and pick the relation.</li>
                    <li>Select a node to configure it here; turn on Debug to see what it does.</li>
                    <li>Save: every save is a version you can compare and restore.</li>
                  </ol>
                  <p className="text-xs">
                    Example: Input → <b>Threshold</b> (temperature &gt; 30) → on <b>True</b> → <b>Create alarm</b>.
                  </p>
                </div>
              )}
            </div>
          </aside>
        </div>
      </div>
    </CanvasContext.Provider>
  );
}

function NodeForm({
  node,
  type,
  errors,
  warnings,
  edges,
  labelOf,
  onChange,
  onDelete,
}: {
  node: ChainNode;
  type: NodeType | undefined;
  errors: Record<string, string>;
  warnings: string[];
  edges: RelationEdge[];
  labelOf: (id: string) => string;
  onChange: (change: (node: ChainNode) => ChainNode) => void;
  onDelete: () => void;
}) {
  const missing = configProblems(type, node.config);
  // The server's word wins; until a save, what is missing shows too.
  const fieldErrors = { ...missing, ...errors };
  const script = typeof node.config.script === "string" ? node.config.script : undefined;
  const hasScript = Boolean(type && "script" in ((type.configSchema as { properties?: object }).properties ?? {}));
  return (
    <form className="space-y-4" aria-label={`Configure ${node.name || node.id}`} onSubmit={(e) => e.preventDefault()}>
      <div>
        <p className="text-[11px] font-semibold uppercase tracking-wide text-slate-500">{type?.title ?? node.type}</p>
        <p className="mt-1 text-xs text-slate-500">{type?.description.replace(/`/g, "")}</p>
      </div>
      <div className="space-y-1">
        <label htmlFor="node-name" className="block text-xs font-medium text-slate-700">
          Name
        </label>
        <input
          id="node-name"
          className="block w-full rounded-md border-0 px-2.5 py-1.5 text-sm ring-1 ring-slate-300 focus:ring-2 focus:ring-brand-500"
          value={node.name ?? ""}
          onChange={(e) => onChange((n) => ({ ...n, name: e.target.value }))}
        />
      </div>
      {type ? (
        <ConfigForm
          type={type}
          config={node.config}
          errors={fieldErrors}
          onChange={(config) => onChange((n) => ({ ...n, config }))}
        />
      ) : (
        <p className="text-xs text-red-600">Unknown node type {node.type}: delete this node.</p>
      )}
      {errors._ && <p className="text-xs text-red-600">{errors._}</p>}
      {hasScript && <ScriptTester script={script ?? ""} />}
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input
          type="checkbox"
          role="switch"
          aria-label="Debug this node"
          checked={node.debug === true}
          onChange={(e) => onChange((n) => ({ ...n, debug: e.target.checked }))}
        />
        Debug: capture what this node does
      </label>
      {warnings.length > 0 && (
        <ul className="space-y-0.5 text-xs text-amber-800">
          {warnings.map((w) => (
            <li key={w}>⚠ {w}</li>
          ))}
        </ul>
      )}
      <div>
        <p className="text-xs font-medium text-slate-700">Connections</p>
        {edges.length === 0 ? (
          <p className="text-xs text-slate-500">None yet: drag from the node&apos;s right dot to another node.</p>
        ) : (
          <ul className="mt-1 space-y-0.5 text-xs text-slate-600">
            {edges.map((e) => (
              <li key={e.id}>
                {labelOf(e.source)} → {labelOf(e.target)} on <b>{e.data?.relation}</b>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="flex items-center justify-between border-t border-slate-100 pt-3">
        <span className="font-mono text-[11px] text-slate-400">id: {node.id}</span>
        <Button variant="ghost" className="text-red-600" onClick={onDelete}>
          Delete node
        </Button>
      </div>
    </form>
  );
}

function EdgeForm({
  edge,
  relations,
  labelOf,
  onRelation,
  onDelete,
}: {
  edge: RelationEdge;
  relations: string[];
  labelOf: (id: string) => string;
  onRelation: (relation: string) => void;
  onDelete: () => void;
}) {
  const relation = edge.data?.relation ?? INPUT_RELATION;
  return (
    <div className="space-y-3 text-sm">
      <p className="font-medium text-slate-800">
        {labelOf(edge.source)} → {labelOf(edge.target)}
      </p>
      <label className="block space-y-1">
        <span className="block text-xs font-medium text-slate-700">Relation</span>
        <select
          className="block w-full rounded-md border-0 px-2.5 py-1.5 text-sm ring-1 ring-slate-300"
          value={relation}
          onChange={(e) => onRelation(e.target.value)}
          disabled={edge.source === INPUT_ID}
        >
          {(relations.includes(relation) ? relations : [relation, ...relations]).map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      <Button variant="ghost" className="text-red-600" onClick={onDelete}>
        Delete connection
      </Button>
    </div>
  );
}
