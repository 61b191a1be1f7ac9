import { commandSchemas, type Command, type CommandType } from "./commands.ts";
import { RealtimeError } from "./errors.ts";

export interface ParsedCommand {
  command?: Command;
  /** Set when the message was rejected; `cmdId` is recovered when possible so the error names it. */
  error?: { cmdId: number | null; error: RealtimeError };
}

function recoverCmdId(value: unknown): number | null {
  if (typeof value !== "object" || value === null) return null;
  const id = (value as { cmdId?: unknown }).cmdId;
  return typeof id === "number" && Number.isInteger(id) ? id : null;
}

/** Reads one client message: JSON, a known `type`, then that command's zod schema. */
export function parseCommand(text: string): ParsedCommand {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { error: { cmdId: null, error: new RealtimeError("BAD_COMMAND", "The message is not valid JSON") } };
  }
  const cmdId = recoverCmdId(raw);
  const type = typeof raw === "object" && raw !== null ? (raw as { type?: unknown }).type : undefined;
  if (typeof type !== "string" || !Object.hasOwn(commandSchemas, type)) {
    const known = Object.keys(commandSchemas).join(", ");
    return { error: { cmdId, error: new RealtimeError("BAD_COMMAND", `\`type\` must be one of: ${known}`) } };
  }
  const result = commandSchemas[type as CommandType].safeParse(raw);
  if (!result.success) {
    const details = result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
    const summary = details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join("; ");
    return {
      error: { cmdId, error: new RealtimeError("BAD_COMMAND", `Invalid ${type} command: ${summary}`, details) },
    };
  }
  return { command: result.data as Command };
}
