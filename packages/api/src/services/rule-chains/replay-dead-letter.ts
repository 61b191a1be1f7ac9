import {
  partitionOfMessage,
  readDeadLetter,
  ruleEngineDeadLetters,
  ruleEngineEntry,
  ruleEngineStream,
} from "@industryos/device-protocol";
import type { TenantContext } from "../../context.ts";
import { ApiError, notFound } from "../../errors.ts";
import { recordAudit } from "../audit/record-audit.ts";

/** A replay in progress holds this for a while, so two clicks cannot put the message back twice. */
const REPLAY_LOCK_SECONDS = 30;

/**
 * Puts a dead letter back on the rule engine: one entry on its originator's partition stream, in
 * the entry format every producer writes (`ruleEngineEntry`: field `msgs`, a JSON array holding
 * the message's original JSON), then deletes the dead letter. Added before it is deleted, so a
 * failure in between can only repeat the message (at least once), never lose it. An id that is
 * not in the caller's tenant stream is a 404.
 */
export async function replayDeadLetter(ctx: TenantContext, id: string) {
  const { redis } = ctx.deps;
  const key = ruleEngineDeadLetters(ctx.tenantId);
  const lock = `${ctx.deps.redisPrefix}rule-engine:replay:${ctx.tenantId}:${id}`;
  if ((await redis.set(lock, "1", "EX", REPLAY_LOCK_SECONDS, "NX")) !== "OK")
    throw new ApiError("CONFLICT", "This dead letter is being replayed already");
  try {
    const [entry] = await redis.xrange(key, id, id);
    if (!entry) throw notFound("Dead letter");
    const letter = readDeadLetter(entry[1]);
    let message: unknown;
    try {
      message = JSON.parse(letter.message);
    } catch {
      throw new ApiError("VALIDATION_FAILED", "This dead letter's message is not JSON; it cannot be replayed");
    }
    const partition = partitionOfMessage(message, letter.stream);
    if (partition === undefined)
      throw new ApiError("VALIDATION_FAILED", "This dead letter names no originator or stream; it cannot be replayed");
    const stream = ruleEngineStream(partition);
    const entryId = await redis.xadd(stream, "*", ...ruleEngineEntry([letter.message]));
    await redis.xdel(key, id);
    await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
      actionType: "RULE_ENGINE_REPLAY",
      actionData: { deadLetterId: id, stream, entryId, attempts: letter.attempts, error: letter.error },
    });
    return { id, replayed: true, stream, entryId };
  } finally {
    await redis.del(lock);
  }
}
