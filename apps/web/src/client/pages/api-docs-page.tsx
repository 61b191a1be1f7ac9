"use client";
import type { RouterOutputs } from "@industryos/api/router";
import { PageHeader, QueryView } from "@industryos/ui";
import { useQuery } from "@tanstack/react-query";
import { InteractiveReference } from "../api-reference/interactive-reference.tsx";
import { useTRPC } from "../trpc.ts";

type OpenApiDocument = RouterOutputs["reference"]["openApi"];

/** The interactive reference of /api/v1/openapi.json: browse the operations, then try them with an API key. */
export function ApiDocsPage() {
  const trpc = useTRPC();
  const doc = useQuery(trpc.reference.openApi.queryOptions());
  return (
    <QueryView query={doc}>
      {(data: OpenApiDocument) => (
        <>
          <PageHeader
            title="API reference"
            description={
              <>
                {/* Not the document's own description: it is Markdown, which the reference below renders. */}
                The machine-readable document is at{" "}
                <a className="text-brand-600 hover:underline" href="/api/v1/openapi.json">
                  /api/v1/openapi.json
                </a>{" "}
                (OpenAPI 3.1). To try an operation, create a key under{" "}
                <a className="text-brand-600 hover:underline" href="/api-keys">
                  API keys
                </a>
                , paste it under Authorize, then open the operation and choose Try it out.
              </>
            }
          />
          <InteractiveReference doc={data} />
        </>
      )}
    </QueryView>
  );
}
