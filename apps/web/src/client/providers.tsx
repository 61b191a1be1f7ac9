"use client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import { TRPC_MAX_BATCH } from "@industryos/api/limits";
import type { AppRouter } from "@industryos/api/router";
import { useState, type ReactNode } from "react";
import { TRPCProvider } from "./trpc.ts";

/**
 * tRPC answers in JSON, errors included. Anything else (a proxy's error page, say) is not an
 * answer to parse: it becomes an error that says what came back, in words.
 */
const fetchAnswer: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  if (response.ok || response.headers.get("content-type")?.includes("application/json")) return response;
  throw new Error(`The server could not be reached (HTTP ${response.status}).`);
};

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            staleTime: 5_000,
            // Authorization and missing entities will not fix themselves by retrying.
            retry: (count, error) =>
              count < 2 &&
              !/UNAUTHORIZED|FORBIDDEN|NOT_FOUND/.test(String((error as { data?: { code?: string } }).data?.code)),
          },
        },
      }),
  );
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [httpBatchLink({ url: "/api/trpc", fetch: fetchAnswer, maxItems: TRPC_MAX_BATCH })],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
