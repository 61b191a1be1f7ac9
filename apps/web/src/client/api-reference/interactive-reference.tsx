"use client";
import { ErrorState, Spinner } from "@industryos/ui";
import { useEffect, useRef, useState } from "react";
import "swagger-ui-dist/swagger-ui.css";

/**
 * Swagger UI over the platform's OpenAPI document, served with the console (no CDN, nothing evaluated
 * from strings, its stylesheet from this origin, so the console's CSP stays as it is). It is the
 * prebuilt bundle of swagger-ui-dist, loaded on this page only: swagger-ui-react's modules, bundled by
 * Turbopack, fail on OpenAPI 3.1 documents ("refract is not a function", swagger-api/swagger-ui#10599).
 * Calls go to this console's own origin, whatever public URL the document names, and carry only the
 * API key given under Authorize: the session cookie is left out, so what works here works for a script.
 */
export function InteractiveReference({ doc }: { doc: object }) {
  const container = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<{ status: "loading" | "ready" } | { status: "error"; message: string }>({
    status: "loading",
  });
  useEffect(() => {
    let cancelled = false;
    setState({ status: "loading" });
    import("swagger-ui-dist/swagger-ui-es-bundle.js")
      .then(({ default: SwaggerUI }) => {
        if (cancelled || !container.current) return;
        SwaggerUI({
          domNode: container.current,
          spec: { ...doc, servers: [{ url: window.location.origin, description: "This console" }] },
          docExpansion: "none",
          // "#/Edges" opens that tag: pages link to their operations (the edges page does).
          deepLinking: true,
          defaultModelsExpandDepth: -1,
          filter: true,
          requestInterceptor: (request) => ({ ...request, credentials: "omit" }),
        });
        setState({ status: "ready" });
      })
      .catch((error: unknown) => {
        if (!cancelled) setState({ status: "error", message: error instanceof Error ? error.message : String(error) });
      });
    return () => {
      cancelled = true;
    };
  }, [doc]);
  return (
    <>
      {state.status === "loading" && <Spinner label="Loading the reference…" />}
      {state.status === "error" && <ErrorState title="Could not load the reference" error={state.message} />}
      <div ref={container} className="rounded-lg bg-white ring-1 ring-slate-200" data-testid="interactive-reference" />
    </>
  );
}
