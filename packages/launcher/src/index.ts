export { startLocalStack } from "./local-stack.ts";
export { Supervisor, DEFAULT_BACKOFF, type ProcessSpec, type ProcessExit, type BackoffOptions } from "./supervisor.ts";
