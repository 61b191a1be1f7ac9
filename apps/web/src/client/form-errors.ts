/** One field problem as the API reports it (`error.data.details` over tRPC): the field's path and what is wrong. */
interface FieldIssue {
  path: string[];
  message: string;
}

const UNITS: Record<string, string> = { string: "characters", array: "items", set: "items", file: "bytes" };

/**
 * zod's default messages in the words a person would use ("Too big: expected string to have <=255
 * characters" → "Must be at most 255 characters"). Messages a schema wrote itself ("Name the
 * device") do not match these shapes and pass through unchanged.
 */
export function humanizeIssueMessage(message: string): string {
  let m: RegExpMatchArray | null;
  if ((m = message.match(/^Too big: expected (\w+) to have <=?(\d+)/)))
    return `Must be at most ${m[2]} ${UNITS[m[1]!] ?? "items"}`;
  if ((m = message.match(/^Too small: expected (\w+) to have >=?(\d+)/)))
    return m[1] === "string" && m[2] === "1" ? "Required" : `Must be at least ${m[2]} ${UNITS[m[1]!] ?? "items"}`;
  if ((m = message.match(/^Too big: expected \w+ to be <(=?)([\d.e+-]+)/)))
    return m[1] ? `Must be at most ${m[2]}` : `Must be less than ${m[2]}`;
  if ((m = message.match(/^Too small: expected \w+ to be >(=?)([\d.e+-]+)/)))
    return m[1] ? `Must be at least ${m[2]}` : `Must be more than ${m[2]}`;
  if (/^Invalid input: expected \w+, received undefined/.test(message)) return "Required";
  if ((m = message.match(/^Invalid input: expected (int|number|boolean|string|object|array)/)))
    return (
      { int: "Must be a whole number", number: "Must be a number", boolean: "Must be true or false" }[m[1]!] ??
      `Must be ${m[1] === "array" ? "a list" : `a${m[1] === "object" ? "n" : ""} ${m[1]}`}`
    );
  if (/^Invalid option: expected one of/.test(message)) return "Choose one of the offered values";
  if (/^Invalid (email|e-mail)/i.test(message)) return "Enter a valid email address";
  if (/^Invalid (UUID|GUID)/i.test(message)) return "Must be an id the console gave you";
  if (/^Invalid (URL|url)/.test(message)) return "Enter a full web address, such as https://example.com";
  if (/^Unrecognized key/.test(message)) return "Not a field this form accepts";
  return message;
}

function issuesOf(error: unknown): FieldIssue[] {
  const details = (error as { data?: { details?: unknown } } | null | undefined)?.data?.details;
  if (!Array.isArray(details)) return [];
  return details
    .filter(
      (d): d is FieldIssue => Array.isArray((d as FieldIssue)?.path) && typeof (d as FieldIssue)?.message === "string",
    )
    .map((d) => ({ path: d.path, message: humanizeIssueMessage(d.message) }));
}

/** The first problem of each top-level field of the body, in words, to show beside that field. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  for (const issue of issuesOf(error)) {
    const field = issue.path[0];
    if (field !== undefined && !(field in result)) result[field] = issue.message;
  }
  return result;
}

/**
 * The first problem of each field of one nested object of the body (`parent.<field>`, or deeper with a path such as
 * `["target", "filter"]`), for forms that edit it.
 */
export function fieldErrorsUnder(error: unknown, parent: string | readonly string[]): Record<string, string> {
  const prefix = typeof parent === "string" ? [parent] : parent;
  const result: Record<string, string> = {};
  for (const issue of issuesOf(error)) {
    const field = issue.path[prefix.length];
    if (prefix.every((p, i) => issue.path[i] === p) && field !== undefined && !(field in result))
      result[field] = issue.message;
  }
  return result;
}

/**
 * The first problem at each full field path ("alarmRules.0.create.MAJOR.conditions.1.key"), for forms
 * that edit lists of nested objects and show each problem beside its own input.
 */
export function fieldErrorsByPath(error: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  for (const issue of issuesOf(error)) {
    const path = issue.path.join(".");
    if (!(path in result)) result[path] = issue.message;
  }
  return result;
}

/**
 * What a form says above its buttons: nothing when every problem the API reports is already shown
 * beside one of `shownFields`; else the problems not shown, in words with where they are (the
 * API's own summary names only the first, in zod's words); else the error's message.
 */
export function formErrorOf(error: unknown, shownFields: readonly string[] = []): string | undefined {
  if (!error) return undefined;
  const issues = issuesOf(error);
  const hidden = issues.filter((i) => !shownFields.includes(i.path[0] ?? ""));
  if (issues.length > 0 && hidden.length === 0) return undefined;
  if (hidden.length > 0)
    return hidden.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ");
  return error instanceof Error ? error.message : String(error);
}
