/** One field problem as the API reports it (`error.data.details` over tRPC): the field's path and what is wrong. */
interface FieldIssue {
  path: string[];
  message: string;
}

function issuesOf(error: unknown): FieldIssue[] {
  const details = (error as { data?: { details?: unknown } } | null | undefined)?.data?.details;
  if (!Array.isArray(details)) return [];
  return details.filter(
    (d): d is FieldIssue => Array.isArray((d as FieldIssue)?.path) && typeof (d as FieldIssue)?.message === "string",
  );
}

/** The first problem of each top-level field of the body, to show beside that field. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  for (const issue of issuesOf(error)) {
    const field = issue.path[0];
    if (field !== undefined && !(field in result)) result[field] = issue.message;
  }
  return result;
}

/**
 * What a form says above its buttons: the error's message, unless every problem it reports is
 * already shown beside one of `shownFields`. Undefined when there is nothing to say.
 */
export function formErrorOf(error: unknown, shownFields: readonly string[] = []): string | undefined {
  if (!error) return undefined;
  const issues = issuesOf(error);
  if (issues.length > 0 && issues.every((i) => shownFields.includes(i.path[0] ?? ""))) return undefined;
  return error instanceof Error ? error.message : String(error);
}
