"use client";
import type { RouterOutputs } from "@industryos/api/router";
import { Badge, PageHeader, QueryView } from "@industryos/ui";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc.ts";

type OpenApiDocument = RouterOutputs["reference"]["openApi"];

/** What the page reads of an OpenAPI operation object (the document types its operations as unknown). */
interface Operation {
  summary?: string;
  description?: string;
  security?: unknown[];
  parameters?: { name: string; in: string; required?: boolean }[];
  /** By media type: JSON for most, multipart/form-data for uploads, text/csv beside JSON for imports. */
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string }>;
  tags?: string[];
}

const METHOD_TONES = { get: "blue", post: "green", put: "amber", patch: "amber", delete: "red" } as const;

/** A readable reference generated from /api/v1/openapi.json, grouped by tag. */
export function ApiDocsPage() {
  const trpc = useTRPC();
  const doc = useQuery(trpc.reference.openApi.queryOptions());
  return <QueryView query={doc}>{(data) => <ApiReference doc={data} />}</QueryView>;
}

function ApiReference({ doc }: { doc: OpenApiDocument }) {
  const byTag = new Map<string, { method: string; path: string; op: Operation }[]>();
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods as Record<string, Operation>)) {
      const tag = op.tags?.[0] ?? "Other";
      byTag.set(tag, [...(byTag.get(tag) ?? []), { method, path, op }]);
    }
  }

  return (
    <>
      <PageHeader
        title="API reference"
        description={
          <>
            {doc.info.description} The machine-readable document is at{" "}
            <a className="text-brand-600 hover:underline" href="/api/v1/openapi.json">
              /api/v1/openapi.json
            </a>{" "}
            (OpenAPI 3.1).
          </>
        }
      />
      <div className="space-y-8">
        {[...byTag.entries()].map(([tag, operations]) => (
          <section key={tag}>
            <h2 className="mb-2 text-lg font-semibold">{tag}</h2>
            <div className="divide-y divide-slate-100 rounded-lg bg-white ring-1 ring-slate-200">
              {operations.map(({ method, path, op }) => (
                <details key={method + path} className="group px-4 py-2.5">
                  <summary className="flex cursor-pointer items-center gap-3 text-sm">
                    <span className="w-16">
                      <Badge tone={METHOD_TONES[method as keyof typeof METHOD_TONES] ?? "slate"}>
                        {method.toUpperCase()}
                      </Badge>
                    </span>
                    <code className="font-mono text-xs">{path}</code>
                    <span className="text-slate-500">{op.summary}</span>
                  </summary>
                  <div className="mt-3 space-y-2 pl-20 text-sm text-slate-600">
                    {op.description && <p>{op.description}</p>}
                    {op.security?.length === 0 && (
                      <p>
                        <Badge>no authentication</Badge>
                      </p>
                    )}
                    {op.parameters && (
                      <p>
                        Parameters:{" "}
                        {op.parameters.map((p) => `${p.name} (${p.in}${p.required ? ", required" : ""})`).join(", ")}
                      </p>
                    )}
                    {op.requestBody &&
                      Object.entries(op.requestBody.content).map(([mediaType, body]) => (
                        <div key={mediaType}>
                          <p>
                            Body (<code className="font-mono text-xs">{mediaType}</code>):
                          </p>
                          <pre className="overflow-x-auto rounded bg-slate-900 p-3 text-xs text-slate-100">
                            {JSON.stringify(body.schema, null, 2)}
                          </pre>
                        </div>
                      ))}
                    <p>
                      Responses:{" "}
                      {Object.entries(op.responses)
                        .map(([status, r]) => `${status} ${r.description}`)
                        .join(" · ")}
                    </p>
                  </div>
                </details>
              ))}
            </div>
          </section>
        ))}
      </div>
    </>
  );
}
