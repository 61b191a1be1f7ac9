"use client";
import { Button, cx } from "@industryos/ui";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useParams } from "next/navigation";
import { useId, useState, type ReactNode } from "react";
import { NotificationTargetsField, NotificationTemplateField } from "../notifications/node-config-fields.tsx";
import { useTRPC } from "../trpc.ts";
import { FIELD_HINTS, OPERATOR_LABELS, humanize, schemaOf, type JsonSchema, type NodeType } from "./chain-model.ts";

const CONTROL =
  "block w-full rounded-md border-0 bg-white px-2.5 py-1.5 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-brand-500";

function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  children: ReactNode;
}) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-xs font-medium text-slate-700">
        {label}
      </label>
      {children}
      {error ? (
        <p className="text-xs text-red-600" data-testid={`error-${id}`}>
          {error}
        </p>
      ) : hint ? (
        <p className="text-xs text-slate-500">{hint}</p>
      ) : null}
    </div>
  );
}

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
    <Field id={id} label={label} hint={state ?? hint} error={error}>
      <select
        id={id}
        className={cx(CONTROL, error && "ring-red-400")}
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
    </Field>
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
      <Field id={id} label={label} hint={hint} error={error}>
        <select
          id={id}
          className={cx(CONTROL, invalid)}
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
      </Field>
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
      <Field id={id} label={label} hint={hint ?? "One per line"} error={error}>
        <textarea
          id={id}
          rows={Math.max(2, list.length + 1)}
          className={cx(CONTROL, "font-mono text-xs", invalid)}
          defaultValue={list.join("\n")}
          onChange={(e) => onChange(linesOf(e.target.value))}
        />
      </Field>
    );
  }
  if (types.includes("object")) {
    const map = value && typeof value === "object" ? (value as Record<string, unknown>) : {};
    const text = Object.entries(map)
      .map(([k, v]) => `${k}: ${String(v)}`)
      .join("\n");
    return (
      <Field id={id} label={label} hint={hint} error={error}>
        <textarea
          id={id}
          rows={3}
          className={cx(CONTROL, "font-mono text-xs", invalid)}
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
      </Field>
    );
  }
  if (name === "script") {
    return (
      <Field id={id} label={label} hint={hint} error={error}>
        <textarea
          id={id}
          rows={7}
          spellCheck={false}
          className={cx(CONTROL, "font-mono text-xs leading-5", invalid)}
          value={typeof value === "string" ? value : ""}
          onChange={(e) => onChange(e.target.value)}
        />
      </Field>
    );
  }
  const numeric = types.length === 1 && (types[0] === "number" || types[0] === "integer");
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <input
        id={id}
        type={numeric ? "number" : schema.format === "uri" ? "url" : name === "password" ? "password" : "text"}
        autoComplete={name === "password" ? "new-password" : undefined}
        className={cx(CONTROL, invalid)}
        value={value === undefined || value === null ? "" : String(value)}
        placeholder={schema.format === "uri" ? "https://…" : undefined}
        onChange={(e) => {
          const text = e.target.value;
          if (numeric) onChange(text === "" ? undefined : Number(text));
          else if (types.includes("number")) onChange(numberOrText(text));
          else onChange(text);
        }}
      />
    </Field>
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
        <Field id={messageId} label="Sample message (msg)">
          <textarea
            id={messageId}
            rows={4}
            spellCheck={false}
            className={cx(CONTROL, "font-mono text-xs")}
            value={message}
            onChange={(e) => setMessage(e.target.value)}
          />
        </Field>
        <Field id={metadataId} label="Metadata">
          <textarea
            id={metadataId}
            rows={2}
            spellCheck={false}
            className={cx(CONTROL, "font-mono text-xs")}
            value={metadata}
            onChange={(e) => setMetadata(e.target.value)}
          />
        </Field>
        <Field id={typeId} label="Message type (msgType)">
          <input id={typeId} className={CONTROL} value={msgType} onChange={(e) => setMsgType(e.target.value)} />
        </Field>
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
