import { openConsoleSession, type ConsoleSession } from "./console-session.ts";
import { startQuietTemporalDevServer, startTemporalTestServer } from "./temporal.ts";

/**
 * A console session whose stack runs the workers process too, on a Temporal server of its own: the
 * dev server, or with `temporal: "test"` the Java test server (started plainly: real time, no
 * skipping). The workers get `redisDb` (the rule-engine streams have fixed names, so a Redis database
 * no other test file uses) and a task queue named after `name`; `env` adds to theirs. `close` stops
 * the Temporal server after the stack.
 */
export async function openWorkersConsoleSession({
  name,
  redisDb,
  temporal = "dev",
  env = {},
  ...options
}: {
  name: string;
  redisDb: number;
  temporal?: "dev" | "test";
  env?: Record<string, string>;
} & Omit<Parameters<typeof openConsoleSession>[0], "stack">): Promise<ConsoleSession> {
  const server = temporal === "test" ? await startTemporalTestServer() : await startQuietTemporalDevServer();
  try {
    const session = await openConsoleSession({
      ...options,
      stack: {
        workers: true,
        redisDb,
        env: { TEMPORAL_ADDRESS: server.address, TEMPORAL_TASK_QUEUE: `${name}-browser-${Date.now()}`, ...env },
      },
    });
    return {
      ...session,
      close: async () => {
        await session.close();
        await server.stop();
      },
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
