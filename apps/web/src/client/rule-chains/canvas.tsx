"use client";
import { cx } from "@industryos/ui";
import {
  BaseEdge,
  EdgeLabelRenderer,
  Handle,
  Position,
  getBezierPath,
  type Edge,
  type EdgeProps,
  type Node,
  type NodeProps,
} from "@xyflow/react";
import { createContext, useContext } from "react";
import type { ChainNode, NodeType } from "./chain-model.ts";

export type RuleFlowNode = Node<{ node: ChainNode }, "rule">;
/** Not xyflow's built-in "input" type, whose default styles would frame it. */
export type InputFlowNode = Node<Record<string, never>, "entry">;
export type FlowNode = RuleFlowNode | InputFlowNode;
export type RelationEdge = Edge<{ relation: string }, "relation">;

/** What the canvas's nodes and edges show besides their own data: looked up, so nodes need not change when it does. */
export interface CanvasState {
  types: Map<string, NodeType>;
  warnings: Map<string, string[]>;
  errors: Map<string, Record<string, string>>;
  counts: Map<string, number>;
}

export const CanvasContext = createContext<CanvasState>({
  types: new Map(),
  warnings: new Map(),
  errors: new Map(),
  counts: new Map(),
});

export const CATEGORY_STYLES: Record<string, { bar: string; chip: string; label: string }> = {
  filter: { bar: "bg-amber-400", chip: "bg-amber-100 text-amber-800", label: "Filter" },
  enrichment: { bar: "bg-teal-400", chip: "bg-teal-100 text-teal-800", label: "Enrichment" },
  transformation: { bar: "bg-violet-400", chip: "bg-violet-100 text-violet-800", label: "Transformation" },
  action: { bar: "bg-rose-400", chip: "bg-rose-100 text-rose-800", label: "Action" },
  external: { bar: "bg-sky-400", chip: "bg-sky-100 text-sky-800", label: "External" },
  flow: { bar: "bg-slate-400", chip: "bg-slate-100 text-slate-700", label: "Flow" },
};

const styleOf = (category: string | undefined) => CATEGORY_STYLES[category ?? ""] ?? CATEGORY_STYLES.flow!;

const HANDLE = "!h-3 !w-3 !border-2 !border-white !bg-slate-500";

/** A rule node on the canvas: category colour, type, name, and its warning, error and debug states. */
export function RuleNodeView({ data, selected }: NodeProps<RuleFlowNode>) {
  const { types, warnings, errors } = useContext(CanvasContext);
  const node = data.node;
  const type = types.get(node.type);
  const style = styleOf(type?.category);
  const hasError = errors.has(node.id);
  const warning = warnings.get(node.id)?.[0];
  return (
    <div
      data-testid={`node-${node.id}`}
      className={cx(
        "relative w-52 rounded-lg bg-white text-left shadow-sm ring-1",
        selected ? "ring-2 ring-brand-500" : hasError ? "ring-2 ring-red-400" : "ring-slate-300",
      )}
    >
      {/* A generator makes its own messages: nothing connects into it. */}
      {!type?.source && <Handle type="target" position={Position.Left} className={HANDLE} />}
      <div className={cx("h-1.5 rounded-t-lg", style.bar)} />
      <div className="px-3 py-2">
        <div className="flex items-center justify-between gap-2">
          <span className="truncate text-[10px] font-semibold uppercase tracking-wide text-slate-500">
            {type?.title ?? node.type}
          </span>
          {node.debug && (
            <span className="rounded bg-emerald-100 px-1 text-[10px] font-semibold text-emerald-800" title="Debug on">
              DEBUG
            </span>
          )}
        </div>
        <p className="truncate text-sm font-medium text-slate-900">{node.name || type?.title || node.id}</p>
        {hasError ? (
          <p className="mt-0.5 text-[11px] text-red-600">Fix its configuration</p>
        ) : warning ? (
          <p className="mt-0.5 truncate text-[11px] text-amber-700" title={warning}>
            ⚠ {warning}
          </p>
        ) : null}
      </div>
      <Handle type="source" position={Position.Right} className={HANDLE} />
    </div>
  );
}

/** The chain's entry point: every message starts here. */
export function InputNodeView({ selected }: NodeProps<InputFlowNode>) {
  return (
    <div
      data-testid="node-input"
      className={cx(
        "flex items-center gap-2 rounded-full bg-emerald-600 px-4 py-2 text-sm font-semibold text-white shadow-sm",
        selected && "ring-2 ring-brand-500 ring-offset-2",
      )}
      title="Every message of the chain enters here"
    >
      <span aria-hidden>▶</span> Input
      <Handle type="source" position={Position.Right} className="!h-3 !w-3 !border-2 !border-white !bg-emerald-800" />
    </div>
  );
}

const RELATION_TONES: Record<string, string> = {
  True: "bg-emerald-50 text-emerald-800 ring-emerald-300",
  False: "bg-slate-50 text-slate-700 ring-slate-300",
  Failure: "bg-red-50 text-red-700 ring-red-300",
};

/** A connection, labelled with its relation and, from debug events, how many messages went along it. */
export function RelationEdgeView({
  id,
  source,
  target,
  sourceX,
  sourceY,
  targetX,
  targetY,
  sourcePosition,
  targetPosition,
  data,
  selected,
  markerEnd,
}: EdgeProps<RelationEdge>) {
  const { counts } = useContext(CanvasContext);
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const relation = data?.relation ?? "";
  const count = counts.get(`${source}|${relation}|${target}`);
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={markerEnd}
        style={{ stroke: selected ? "#1f63d6" : relation === "Failure" ? "#f87171" : "#64748b", strokeWidth: 1.5 }}
      />
      <EdgeLabelRenderer>
        <div
          data-testid={`edge-${source}-${relation}-${target}`}
          className={cx(
            "nodrag nopan pointer-events-auto absolute rounded-full px-2 py-0.5 text-[11px] font-medium ring-1",
            RELATION_TONES[relation] ?? "bg-brand-50 text-brand-700 ring-brand-100",
            selected && "ring-2 ring-brand-500",
          )}
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
        >
          {relation}
          {count !== undefined && (
            <span className="ml-1 rounded-full bg-white/80 px-1 text-slate-600" title="Messages seen by debug">
              {count}
            </span>
          )}
        </div>
      </EdgeLabelRenderer>
    </>
  );
}

export const NODE_TYPES = { rule: RuleNodeView, entry: InputNodeView };
export const EDGE_TYPES = { relation: RelationEdgeView };
