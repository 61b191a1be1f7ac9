import type { RouterOutputs } from "@industryos/api/router";

/** A rule chain as the editor loads it, and its parts. */
export type RuleChain = RouterOutputs["ruleChains"]["get"];
export type ChainNode = RuleChain["nodes"][number];
export type ChainConnection = RuleChain["connections"][number];
export type NodeType = RouterOutputs["ruleEngine"]["nodeTypes"]["data"][number];
export type DebugEvent = RouterOutputs["ruleChains"]["debugEvents"]["data"][number];

/** The pseudo-node every chain starts from. */
export const INPUT_ID = "input";
/** What the Input node sends its messages on. */
export const INPUT_RELATION = "Success";
export const FAILURE = "Failure";

/** The part of JSON Schema the node library's configurations use. */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  default?: unknown;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
}

export const schemaOf = (type: NodeType | undefined): JsonSchema => (type?.configSchema ?? {}) as JsonSchema;

/** What a new node of a type starts with: a configuration that reads as an example of itself. */
const SUGGESTED_CONFIG: Record<string, Record<string, unknown>> = {
  "filter.messageType": { types: ["POST_TELEMETRY_REQUEST"] },
  "filter.script": { script: "return msg.temperature > 30;" },
  "filter.threshold": { key: "temperature", op: ">", value: 30 },
  "transform.script": {
    script:
      "// Add a Fahrenheit reading beside the Celsius one.\nmsg.temperatureF = msg.temperature * 1.8 + 32;\nreturn { msg: msg };",
  },
  "action.createAlarm": { alarmType: "High temperature", severity: "MAJOR" },
  "action.clearAlarm": { alarmType: "High temperature" },
  "action.rpcReply": { script: "" },
  // No URL guessed: the node asks for one (it would otherwise post the tenant's data somewhere).
  "external.webhook": { url: "", method: "POST", headers: {} },
  // Nor a broker: the host is asked for.
  "external.mqtt": { host: "" },
};

/** Field labels and hints, so a form reads without the docs. */
export const FIELD_LABELS: Record<string, string> = {
  key: "Key",
  op: "Operator",
  value: "Value",
  alarmType: "Alarm type",
  severity: "Severity",
  script: "Script",
  types: "Message types",
  url: "URL",
  method: "Method",
  headers: "Headers",
  period: "Period",
  unit: "Unit",
  maxPendingMessages: "Most messages waiting",
  periodSeconds: "Every (seconds)",
  originatorType: "Originator",
  originatorId: "Originator id",
  ruleChainId: "Rule chain",
  host: "Broker host",
  port: "Port",
  topicPattern: "Topic",
  clientId: "Client id",
  username: "User name",
  password: "Password",
  tls: "TLS",
  qos: "QoS",
  retain: "Retain",
};

export const FIELD_HINTS: Record<string, string> = {
  key: "A key of the message data (telemetry such as temperature) or of its metadata.",
  value: "A number, or text to compare with.",
  alarmType: "Alarms are one per device and type: a repeat updates the open alarm.",
  types: "One per line: POST_TELEMETRY_REQUEST, POST_ATTRIBUTES_REQUEST, TO_SERVER_RPC_REQUEST, …",
  headers: "One per line: Name: value",
  script: "JavaScript with msg, metadata and msgType.",
  maxPendingMessages: "More waiting at once go to Failure.",
  originatorId: "The device's, asset's or customer's id; not needed for the tenant.",
  ruleChainId: "Messages run through that chain, then go on along Success (Failure if it fails).",
  host: "A host name or address, without mqtt:// or a port.",
  topicPattern: "${key} takes a metadata value, $[key] a data value: devices/${deviceName}/telemetry",
  qos: "0: at most once, 1: at least once, 2: exactly once.",
  clientId: "Leave empty for a generated one.",
};

export const OPERATOR_LABELS: Record<string, string> = {
  ">": "> greater than",
  ">=": "≥ at least",
  "<": "< less than",
  "<=": "≤ at most",
  "==": "= equal to",
  "!=": "≠ not equal to",
};

export function humanize(key: string): string {
  if (FIELD_LABELS[key]) return FIELD_LABELS[key];
  const words = key.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/[_-]+/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
}

const typesOf = (schema: JsonSchema): string[] =>
  Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];

/** The default configuration of a new node: the schema's defaults, required enums' first value, then our examples. */
export function defaultConfig(type: NodeType): Record<string, unknown> {
  const schema = schemaOf(type);
  const config: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema.properties ?? {})) {
    if (field.default !== undefined) config[key] = field.default;
    else if (field.enum && schema.required?.includes(key)) config[key] = field.enum[0];
  }
  return { ...config, ...SUGGESTED_CONFIG[type.type] };
}

/** What is missing from a configuration, by field, in words: the editor's "unconfigured" check before saving. */
export function configProblems(type: NodeType | undefined, config: Record<string, unknown>): Record<string, string> {
  const schema = schemaOf(type);
  const problems: Record<string, string> = {};
  for (const [key, field] of Object.entries(schema.properties ?? {})) {
    const value = config[key];
    const required = schema.required?.includes(key) ?? false;
    const empty = value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);
    if (empty) {
      if (required || (field.minItems ?? 0) > 0) problems[key] = `${humanize(key)} is required`;
      continue;
    }
    const types = typesOf(field);
    if (types.length === 1 && types[0] === "number" && typeof value !== "number")
      problems[key] = `${humanize(key)} must be a number`;
    if (field.format === "uri" && typeof value === "string" && !/^https?:\/\/\S+$/.test(value))
      problems[key] = "Use an http or https URL";
  }
  return problems;
}

/** A node's title in the chain: its name, else its type's title. */
export const nodeLabel = (node: ChainNode, types: Map<string, NodeType>) =>
  node.name || types.get(node.type)?.title || node.type;

/** A new node id from its type: `threshold-1`, `createAlarm-2`. */
export function newNodeId(type: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const base = (type.split(".").pop() ?? "node").replace(/[^\w.-]/g, "") || "node";
  for (let n = 1; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** The relations a node can send on (its type's, `Failure` included); the Input node sends Success. */
export function relationsOf(nodeId: string, nodes: ChainNode[], types: Map<string, NodeType>): string[] {
  if (nodeId === INPUT_ID) return [INPUT_RELATION];
  const node = nodes.find((n) => n.id === nodeId);
  const relations = node ? (types.get(node.type)?.relations ?? []) : [];
  return relations.includes(FAILURE) ? relations : [...relations, FAILURE];
}

export interface ChainWarning {
  nodeId: string;
  message: string;
}

/** Unconnected, unreachable and unconfigured nodes, in words; none of them blocks a save but the last. */
export function chainWarnings(
  nodes: ChainNode[],
  connections: ChainConnection[],
  types: Map<string, NodeType>,
): ChainWarning[] {
  const warnings: ChainWarning[] = [];
  const reachable = new Set<string>();
  // Messages enter at Input and at source nodes (generators), which make their own.
  const isSource = (node: ChainNode) => types.get(node.type)?.source === true;
  const queue = [
    ...connections.filter((c) => c.from === INPUT_ID).map((c) => c.to),
    ...nodes.filter(isSource).map((n) => n.id),
  ];
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (reachable.has(id)) continue;
    reachable.add(id);
    for (const c of connections) if (c.from === id) queue.push(c.to);
  }
  for (const node of nodes) {
    const label = nodeLabel(node, types);
    const type = types.get(node.type);
    const incoming = connections.some((c) => c.to === node.id);
    const outgoing = connections.some((c) => c.from === node.id);
    if (!type) warnings.push({ nodeId: node.id, message: `${label}: unknown node type ${node.type}` });
    if (isSource(node) && incoming)
      warnings.push({ nodeId: node.id, message: `${label} makes its own messages: remove the connection into it` });
    else if (!incoming && !outgoing) warnings.push({ nodeId: node.id, message: `${label} is not connected` });
    else if (!reachable.has(node.id))
      warnings.push({ nodeId: node.id, message: `No message reaches ${label}: connect it from Input` });
    else if (!outgoing && type && type.category !== "action" && type.category !== "external")
      warnings.push({ nodeId: node.id, message: `${label} leads nowhere: connect its output` });
    const problems = Object.values(configProblems(type, node.config));
    if (problems.length > 0) warnings.push({ nodeId: node.id, message: `${label} is not configured: ${problems[0]}` });
  }
  return warnings;
}

export const connectionKey = (c: ChainConnection) => `${c.from}|${c.relation}|${c.to}`;

/** Messages per connection, counted from debug events (a node's outputs on a relation go down each such connection). */
export function connectionCounts(events: DebugEvent[], connections: ChainConnection[]): Map<string, number> {
  const sent = new Map<string, number>();
  for (const event of events)
    for (const output of event.outputs) {
      const key = `${event.nodeId}|${output.relation}`;
      sent.set(key, (sent.get(key) ?? 0) + 1);
    }
  const counts = new Map<string, number>();
  for (const c of connections) {
    const n = sent.get(`${c.from}|${c.relation}`);
    if (n) counts.set(connectionKey(c), n);
  }
  return counts;
}

export interface ChainDefinition {
  name?: string;
  nodes: ChainNode[];
  connections: ChainConnection[];
}

export interface NodeChange {
  id: string;
  label: string;
  /** What changed: "name", "type", "config.key", "debug", "position". */
  fields: string[];
}

export interface ChainDiff {
  added: ChainNode[];
  removed: ChainNode[];
  changed: NodeChange[];
  addedConnections: ChainConnection[];
  removedConnections: ChainConnection[];
  renamed?: { from: string; to: string };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** What `to` has that `from` had not: nodes added, removed and changed (by field), connections added and removed. */
export function diffChains(from: ChainDefinition, to: ChainDefinition): ChainDiff {
  const before = new Map(from.nodes.map((n) => [n.id, n]));
  const after = new Map(to.nodes.map((n) => [n.id, n]));
  const changed: NodeChange[] = [];
  for (const node of to.nodes) {
    const old = before.get(node.id);
    if (!old) continue;
    const fields: string[] = [];
    if (old.type !== node.type) fields.push("type");
    if ((old.name ?? "") !== (node.name ?? "")) fields.push("name");
    const keys = new Set([...Object.keys(old.config ?? {}), ...Object.keys(node.config ?? {})]);
    for (const key of keys) if (!same(old.config?.[key], node.config?.[key])) fields.push(`config.${key}`);
    if (Boolean(old.debug) !== Boolean(node.debug)) fields.push("debug");
    if (!same(old.position, node.position)) fields.push("position");
    if (fields.length > 0) changed.push({ id: node.id, label: node.name || node.id, fields });
  }
  const beforeConnections = new Set(from.connections.map(connectionKey));
  const afterConnections = new Set(to.connections.map(connectionKey));
  return {
    added: to.nodes.filter((n) => !before.has(n.id)),
    removed: from.nodes.filter((n) => !after.has(n.id)),
    changed,
    addedConnections: to.connections.filter((c) => !beforeConnections.has(connectionKey(c))),
    removedConnections: from.connections.filter((c) => !afterConnections.has(connectionKey(c))),
    ...(from.name !== undefined && to.name !== undefined && from.name !== to.name
      ? { renamed: { from: from.name, to: to.name } }
      : {}),
  };
}

export const isEmptyDiff = (d: ChainDiff) =>
  !d.renamed &&
  d.added.length + d.removed.length + d.changed.length + d.addedConnections.length + d.removedConnections.length === 0;

/** The 422's details that concern one node's configuration, by field; `config` itself as "_". */
export function nodeErrorsFrom(
  details: { path: (string | number)[]; message: string }[],
  nodeIds: string[],
): { byNode: Map<string, Record<string, string>>; other: string[] } {
  const byNode = new Map<string, Record<string, string>>();
  const other: string[] = [];
  for (const d of details) {
    const [head, index, part, field] = d.path;
    const nodeId = head === "nodes" && typeof index === "number" ? nodeIds[index] : undefined;
    if (!nodeId) {
      other.push(d.path.length > 0 ? `${d.path.join(".")}: ${d.message}` : d.message);
      continue;
    }
    const errors = byNode.get(nodeId) ?? {};
    const key = part === "config" ? String(field ?? "_") : String(part ?? "_");
    errors[key] ??= d.message;
    byNode.set(nodeId, errors);
  }
  return { byNode, other };
}

/** The API's 422 details (`error.data.details`), or none. */
export function detailsOf(error: unknown): { path: (string | number)[]; message: string }[] {
  const details = (error as { data?: { details?: unknown } } | null | undefined)?.data?.details;
  if (!Array.isArray(details)) return [];
  return details.filter(
    (d): d is { path: (string | number)[]; message: string } =>
      Array.isArray((d as { path?: unknown })?.path) && typeof (d as { message?: unknown })?.message === "string",
  );
}

/** The tRPC error code of a failed call ("CONFLICT", "NOT_FOUND", …). */
export const errorCodeOf = (error: unknown): string | undefined =>
  (error as { data?: { code?: string } } | null | undefined)?.data?.code;
