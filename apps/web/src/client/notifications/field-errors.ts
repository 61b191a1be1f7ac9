/** One problem the API reports (`error.data.details` over tRPC): where in the body, and what is wrong. */
interface FieldIssue {
  path: string[];
  message: string;
}

function issuesOf(error: unknown): FieldIssue[] {
  const details = (error as { data?: { details?: unknown } } | null | undefined)?.data?.details;
  return Array.isArray(details)
    ? details.filter(
        (d): d is FieldIssue =>
          Array.isArray((d as FieldIssue)?.path) && typeof (d as FieldIssue)?.message === "string",
      )
    : [];
}

/**
 * The first problem at or below `path` in the body (`["configuration", "emails"]` also finds
 * `configuration.emails.2`), to show beside that field; nested configurations need more than the
 * top-level field the console's other forms use.
 */
export function errorAt(error: unknown, ...path: string[]): string | undefined {
  return issuesOf(error).find((issue) => path.every((part, i) => issue.path[i] === part))?.message;
}

/** Every problem's path, joined with dots: which fields a form shows beside them. */
export const issuePaths = (error: unknown) => issuesOf(error).map((issue) => issue.path.join("."));
