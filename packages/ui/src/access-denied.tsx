/** What a tRPC or REST error says about itself, when it says anything: its code. */
function codeOf(error: unknown): string | undefined {
  const e = error as { data?: { code?: unknown }; code?: unknown } | null | undefined;
  const code = e?.data?.code ?? e?.code;
  return typeof code === "string" ? code : undefined;
}

/** Whether the error is the API refusing this user (403): no retry will change that. */
export const isForbidden = (error: unknown) => codeOf(error) === "FORBIDDEN";

/**
 * The page a user sees when their role does not allow what they opened (a tenant admin on /tenants):
 * says so plainly, with who to ask and a way back, instead of "Something went wrong" and a retry.
 */
export function AccessDenied({ homeHref = "/" }: { homeHref?: string }) {
  return (
    <div role="alert" className="mx-auto max-w-md py-16 text-center">
      <p className="text-sm font-semibold text-brand-600">403</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight text-slate-900">You do not have access to this page</h1>
      <p className="mt-2 text-sm text-slate-600">
        Your role in this workspace does not include it. If you need it, ask an administrator of your workspace.
      </p>
      <a
        href={homeHref}
        className="mt-6 inline-flex rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700"
      >
        Back to the console
      </a>
    </div>
  );
}
