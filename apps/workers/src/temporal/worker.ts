import { fileURLToPath } from "node:url";
import { type NativeConnection, Worker } from "@temporalio/worker";
import { type ActivityDeps, createActivities } from "./activities.ts";
import { TASK_QUEUE } from "./shared.ts";

/** Bundled by the worker at start (webpack); production may pass a prebuilt `workflowBundle` instead. */
export const workflowsPath = fileURLToPath(new URL("./workflows.ts", import.meta.url));

export interface CreateWorkerOptions {
  connection: NativeConnection;
  deps: ActivityDeps;
  namespace?: string;
  taskQueue?: string;
  workflowBundle?: { code: string } | { codePath: string };
  /**
   * Workflows kept in memory between tasks (the SDK's default otherwise). 0 turns off sticky task
   * queues: tests that restart a worker on the time-skipping server need it, since a stopped
   * worker's sticky queue holds the next task until a timeout that server's time never reaches
   * while the task waits.
   */
  maxCachedWorkflows?: number;
}

/** A Worker for the main task queue, running our workflows and the activities built from `deps`. */
export async function createWorker(opts: CreateWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace ?? "default",
    taskQueue: opts.taskQueue ?? TASK_QUEUE,
    activities: createActivities(opts.deps),
    ...(opts.maxCachedWorkflows === undefined ? {} : { maxCachedWorkflows: opts.maxCachedWorkflows }),
    ...(opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : { workflowsPath }),
  });
}
