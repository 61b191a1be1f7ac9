import { createIsolatedScriptRunner, ScriptError } from "@industryos/rules";
import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { createRateLimiter, type RateLimitRule } from "../../auth/rate-limit.ts";
import type { testScriptInput } from "./schemas.ts";

/** Each run holds the web process's thread for up to the sandbox's time limit: a tenant's budget. */
export const TEST_SCRIPT_RUNS: RateLimitRule = { limit: 120, windowSeconds: 60 };

/**
 * "Test this script" in a node's form: runs the script against a sample message in the same
 * sandbox and limits the workers use (packages/rules' isolated-vm runner: own heap, memory and
 * time limit, no Node.js globals). The script's failure is the answer (`{error}`, 200), not an
 * API error: a syntax error, a thrown exception, `process`/`require`, an endless loop or a memory
 * bomb. Each call gets a fresh isolate, disposed afterwards, so nothing a script leaves on the
 * isolate's globals reaches another tenant's run.
 */
export async function testScript(ctx: TenantContext, input: z.infer<typeof testScriptInput>) {
  const limiter = createRateLimiter(ctx.deps.redis, ctx.deps.redisPrefix);
  const bucket = `rule-script-test:${ctx.tenantId}`;
  await limiter.check(bucket, TEST_SCRIPT_RUNS);
  await limiter.hit(bucket, TEST_SCRIPT_RUNS);

  const runner = createIsolatedScriptRunner();
  try {
    const output = runner
      .compile(input.script)
      .run(input.msg ?? {}, input.metadata ?? {}, input.msgType ?? "POST_TELEMETRY_REQUEST");
    return { output: output ?? null };
  } catch (error) {
    if (error instanceof ScriptError) return { error: error.message };
    throw error;
  } finally {
    runner.dispose();
  }
}
