import { readDeadLetter, ruleEngineDeadLetters } from "@industryos/device-protocol";
import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import type { listDeadLettersInput } from "./schemas.ts";

/** A dead letter as the console shows it; `message` parsed back to JSON where it is JSON. */
export function toDeadLetterView(id: string, fields: string[]) {
  const letter = readDeadLetter(fields);
  let message: unknown = letter.message;
  try {
    message = JSON.parse(letter.message);
  } catch {
    // Shown as the text it is.
  }
  return {
    id,
    message,
    error: letter.error,
    attempts: letter.attempts,
    failedAt: new Date(letter.failedAt).toISOString(),
    ...(letter.stream ? { stream: letter.stream } : {}),
  };
}

/** The tenant's dead letters (messages that failed their chain after every retry), newest first. */
export async function listDeadLetters(ctx: TenantContext, input: z.infer<typeof listDeadLettersInput>) {
  const key = ruleEngineDeadLetters(ctx.tenantId);
  const skip = (input.page - 1) * input.pageSize;
  const [total, entries] = await Promise.all([
    ctx.deps.redis.xlen(key),
    ctx.deps.redis.xrevrange(key, "+", "-", "COUNT", skip + input.pageSize),
  ]);
  return {
    data: entries.slice(skip).map(([id, fields]) => toDeadLetterView(id, fields)),
    total,
    page: input.page,
    pageSize: input.pageSize,
  };
}
