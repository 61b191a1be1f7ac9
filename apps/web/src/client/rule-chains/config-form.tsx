"use client";
import { Button, cx } from "@industryos/ui";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useParams } from "next/navigation";
import { useId, useState } from "react";
import { NotificationTargetsField, NotificationTemplateField } from "../notifications/node-config-fields.tsx";
import { useTRPC } from "../trpc.ts";
import { CONFIG_CONTROL, ConfigField } from "./config-field.tsx";
import { FIELD_HINTS, OPERATOR_LABELS, humanize, schemaOf, type JsonSchema, type NodeType } from "./chain-model.ts";

const typesOf = (schema: JsonSchema): string[] =>
  Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];

/** Text typed into a "number or text" field: a number when it reads as one. */
const numberOrText = (text: string): number | string =>
  text.trim() !== "" && Number.isFinite(Number(text)) ? Number(text) : text;

const linesOf = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);

/** `flow.chain`'s target: the tenant's chains by name (this one marked), with loading, empty and error states. */
function ChainField({
  id,
  label,
  hint,
  error,
  value,
  onChange,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  value: unknown;
  onChange: (value: unknown) => void;
}) {
  const trpc = useTRPC();
  const { id: currentId } = useParams<{ id?: string }>();
  const chains = useQuery(trpc.ruleChains.list.queryOptions({ page: 1, pageSize: 100 }));
  const selected = typeof value === "string" ? value : "";
  const rows = chains.data?.data ?? [];
  const state = chains.isPending
    ? "Loading the rule chains…"
    : chains.error
      ? `The rule chains could not be loaded: ${chains.error.message}`
      : rows.length === 0
        ? "No rule chains yet: create one first."
        : undefined;
  return (
    <ConfigField id={id} label={label} hint={state ?? hint} error={error}>
      <select
        id={id}
        className={cx(CONFIG_CONTROL, error && "ring-red-400")}
        value={selected}
        disabled={rows.length === 0}
        onChange={(e) => onChange(e.target.value || undefined)}
      >
        <option value="">Choose a rule chain…</option>
        {rows.map((chain) => (
          <option key={chain.id} value={chain.id}>
            {chain.name}
            {chain.id === currentId ? " (this chain)" : ""}
          </option>
        ))}
        {selected && !chains.isPending && !rows.some((c) => c.id === selected) && (
          <option value={selected}>Unknown chain {selected}</option>
        )}
      </select>
    </ConfigField>
  );
}

/** One configuration field, by its JSON Schema: text, number, enum, boolean, list of strings, string map, script. */
function SchemaField({
  name,
  schema,
  value,
  error,
  onChange,
}: {
  name: string;
  schema: JsonSchema;
  value: unknown;
  error?: string;
  onChange: (value: unknown) => void;
}) {
  const id = useId();
  const label = humanize(name);
  const hint = FIELD_HINTS[name];
  const types = typesOf(schema);
  const invalid = error ? "ring-red-400" : undefined;

  if (name === "ruleChainId")
    return <ChainField id={id} label={label} hint={hint} error={error} value={value} onChange={onChange} />;
  // action.notify picks from the notification center's templates and targets.
  if (name === "templateId")
    return <NotificationTemplateField id={id} label="Template" error={error} value={value} onChange={onChange} />;
  if (name === "targetIds")
    return <NotificationTargetsField id={id} label="Targets" error={error} value={value} onChange={onChange} />;
  if (schema.enum) {
    return (
      <ConfigField id={id} label={label} hint={hint} error={error}>
        <select
          id={id}
          className={cx(CONFIG_CONTROL, invalid)}
          value={value === undefined ? "" : String(value)}
          onChange={(e) => onChange(e.target.value)}
        >
          {value === undefined && <option value="">Choose…</option>}
          {schema.enum.map((option) => (
            <option key={String(option)} value={String(option)}>
              {name === "op" ? (OPERATOR_LABELS[String(option)] ?? String(option)) : String(option)}
            </option>
          ))}
        </select>
      </ConfigField>
    );
  }
  if (types.includes("boolean")) {
    return (
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />
        {label}
        {error && <span className="text-xs text-red-600">{error}</span>}
      </label>
    );
  }
  if (types.includes("array")) {
    const list = Array.isArray(value) ? value.map(String) : [];
    return (
      <ConfigField id={id} label={label} hint={hint ?? "One per line"} error={error}>
        <textarea
          id={id}
          rows={Math.max(2, list.length + 1)}
          className={cx(CONFIG_CONTROL, "font-mono text-xs", invalid)}
          defaultValue={list.join("\n")}
          onChange={(e) => onChange(linesOf(e.target.value))}
        />
      </ConfigField>
    );
  }
  if (types.includes("object")) {
    const map = value && typeof value === "object" ? (value as Record<string, unknown>) : {};
    const text = Object.entries(map)
      .map(([k, v]) => `${k}: ${String(v)}`)
      .join("\n");
    return (
      <ConfigField id={id} label={label} hint={hint} error={error}>
        <textarea
          id={id}
          rows={3}
          className={cx(CONFIG_CONTROL, "font-mono text-xs", invalid)}
          defaultValue={text}
          onChange={(e) =>
            onChange(
              Object.fromEntries(
                linesOf(e.target.value).map((line) => {
                  const at = line.indexOf(":");
                  return at < 0 ? [line, ""] : [line.slice(0, at).trim(), line.slice(at + 1).trim()];
                }),
              ),
            )
          }
        />
      </ConfigField>
    );
  }
  if (name === "script") {
    return (
      <ConfigField id={id} label={label} hint={hint} error={error}>
        <textarea
          id={id}
          rows={7}
          spellCheck={false}
          className={cx(CONFIG_CONTROL, "font-mono text-xs leading-5", invalid)}
          value={typeof value === "string" ? value : ""}
          onChange={(e) => onChange(e.target.value)}
        />
      </ConfigField>
    );
  }
  const numeric = types.length === 1 && (types[0] === "number" || types[0] === "integer");
  return (
    <ConfigField id={id} label={label} hint={hint} error={error}>
      <input
        id={id}
        type={numeric ? "number" : schema.format === "uri" ? "url" : name === "password" ? "password" : "text"}
        autoComplete={name === "password" ? "new-password" : undefined}
        className={cx(CONFIG_CONTROL, invalid)}
        value={value === undefined || value === null ? "" : String(value)}
        placeholder={schema.format === "uri" ? "https://…" : undefined}
        onChange={(e) => {
          const text = e.target.value;
          if (numeric) onChange(text === "" ? undefined : Number(text));
          else if (types.includes("number")) onChange(numberOrText(text));
          else onChange(text);
        }}
      />
    </ConfigField>
  );
}

/** A node type's configuration as a form generated from its JSON Schema, with each field's error beside it. */
export function ConfigForm({
  type,
  config,
  errors,
  onChange,
}: {
  type: NodeType;
  config: Record<string, unknown>;
  errors: Record<string, string>;
  onChange: (config: Record<string, unknown>) => void;
}) {
  const properties = Object.entries(schemaOf(type).properties ?? {});
  const required = new Set(schemaOf(type).required ?? []);
  if (properties.length === 0) return <p className="text-xs text-slate-500">Nothing to configure.</p>;
  return (
    <div className="space-y-3">
      {properties.map(([name, schema]) => (
        <SchemaField
          key={`${type.type}:${name}`}
          name={name}
          schema={schema}
          value={config[name]}
          error={errors[name]}
          onChange={(value) => {
            const next = { ...config };
            // An optional field emptied is left out (an empty id or user name would not validate as one).
            if (value === undefined || (value === "" && !required.has(name))) delete next[name];
            else next[name] = value;
            onChange(next);
          }}
        />
      ))}
    </div>
  );
}

const SAMPLE_MESSAGE = JSON.stringify({ temperature: 31, humidity: 40 }, null, 2);
const SAMPLE_METADATA = JSON.stringify({ deviceName: "Boiler 1", deviceType: "boiler" }, null, 2);

/** "Test script": runs the node's script in the rule engine's sandbox against a sample message the user edits. */
export function ScriptTester({ script }: { script: string }) {
  const trpc = useTRPC();
  const messageId = useId();
  const metadataId = useId();
  const typeId = useId();
  const [message, setMessage] = useState(SAMPLE_MESSAGE);
  const [metadata, setMetadata] = useState(SAMPLE_METADATA);
  const [msgType, setMsgType] = useState("POST_TELEMETRY_REQUEST");
  const [inputError, setInputError] = useState<string | null>(null);
  const test = useMutation(trpc.ruleChains.testScript.mutationOptions());

  const run = () => {
    setInputError(null);
    let msg: unknown;
    let meta: Record<string, string> | undefined;
    try {
      msg = JSON.parse(message);
    } catch {
      return setInputError("The sample message is not JSON");
    }
    try {
      const parsed: unknown = metadata.trim() ? JSON.parse(metadata) : {};
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error();
      meta = Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
    } catch {
      return setInputError("The metadata must be a JSON object of texts");
    }
    if (!script.trim()) return setInputError("Write the script first");
    test.mutate({ body: { script, msg, metadata: meta, msgType: msgType || undefined } });
  };

  const result = test.data;
  return (
    <details className="rounded-md bg-slate-50 p-3 ring-1 ring-slate-200" open>
      <summary className="cursor-pointer text-xs font-semibold text-slate-700">Test the script</summary>
      <div className="mt-2 space-y-2">
        <ConfigField id={messageId} label="Sample message (msg)">
          <textarea
            id={messageId}
            rows={4}
            spellCheck={false}
            className={cx(CONFIG_CONTROL, "font-mono text-xs")}
            value={message}
            onChange={(e) => setMessage(e.target.value)}
          />
        </ConfigField>
        <ConfigField id={metadataId} label="Metadata">
          <textarea
            id={metadataId}
            rows={2}
            spellCheck={false}
            className={cx(CONFIG_CONTROL, "font-mono text-xs")}
            value={metadata}
            onChange={(e) => setMetadata(e.target.value)}
          />
        </ConfigField>
        <ConfigField id={typeId} label="Message type (msgType)">
          <input id={typeId} className={CONFIG_CONTROL} value={msgType} onChange={(e) => setMsgType(e.target.value)} />
        </ConfigField>
        <Button variant="secondary" busy={test.isPending} onClick={run}>
          Test script
        </Button>
        {(inputError ?? test.error) && (
          <p role="alert" className="text-xs text-red-600">
            {inputError ?? test.error?.message}
          </p>
        )}
        {result && !inputError && (
          <div data-testid="script-result" aria-live="polite">
            {"error" in result && result.error !== undefined ? (
              <>
                <p className="text-xs font-semibold text-red-700">Error</p>
                <pre className="overflow-x-auto whitespace-pre-wrap rounded bg-red-50 p-2 text-xs text-red-800">
                  {String(result.error)}
                </pre>
              </>
            ) : (
              <>
                <p className="text-xs font-semibold text-emerald-700">Output</p>
                <pre className="max-h-60 overflow-auto whitespace-pre-wrap rounded bg-white p-2 text-xs text-slate-800 ring-1 ring-slate-200">
                  {JSON.stringify("output" in result ? result.output : null, null, 2)}
                </pre>
              </>
            )}
          </div>
        )}
      </div>
    </details>
  );
}
