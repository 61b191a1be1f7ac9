export { startLocalStack } from "./local-stack.ts";
export { Supervisor, DEFAULT_BACKOFF, type ProcessSpec, type ProcessExit, type BackoffOptions } from "./supervisor.ts";
export { freePublicPorts, startClusterChild, type ClusterChild } from "./cluster/cluster-child.ts";
export type { TierCounts } from "./cluster/cluster-plan.ts";
