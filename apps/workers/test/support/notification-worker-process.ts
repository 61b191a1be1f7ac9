// A Temporal worker delivering notifications, in a process of its own, so a test can kill it (SIGKILL)
// mid-fan-out and start another. Configured by NOTIFICATION_WORKER (JSON, see WorkerProcessConfig);
// prints "ready" once it polls its task queue.
import { createDatabaseClients } from "@industryos/db";
import { createLogger, createSecretBox } from "@industryos/runtime";
import { DefaultLogger, NativeConnection, Runtime, Worker } from "@temporalio/worker";
import { Redis } from "ioredis";
import type { ProviderEndpoints } from "../../src/notifications/notification-deps.ts";
import { createActivities } from "../../src/temporal/activities.ts";
import { InMemoryDeviceStore } from "./in-memory-devices.ts";

export interface WorkerProcessConfig {
  temporalAddress: string;
  taskQueue: string;
  appUrl: string;
  systemUrl: string;
  redisUrl: string;
  secretsKey: string;
  endpoints: ProviderEndpoints;
  /** A prebuilt workflow bundle (bundling in each process would take seconds). */
  workflowBundlePath: string;
}

const config = JSON.parse(process.env.NOTIFICATION_WORKER ?? "{}") as WorkerProcessConfig;
Runtime.install({ logger: new DefaultLogger("ERROR") });
const db = createDatabaseClients({ appUrl: config.appUrl, systemUrl: config.systemUrl, poolSize: 4 });
const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 1 });
const connection = await NativeConnection.connect({ address: config.temporalAddress });
const worker = await Worker.create({
  connection,
  taskQueue: config.taskQueue,
  workflowBundle: { codePath: config.workflowBundlePath },
  activities: createActivities({
    devices: new InMemoryDeviceStore(),
    notifications: {
      db,
      redis,
      secrets: createSecretBox(config.secretsKey),
      logger: createLogger("notification-worker", "silent"),
      endpoints: config.endpoints,
      allowPrivateNetworks: true,
      timeoutMs: 5_000,
    },
  }),
});
const running = worker.run();
process.stdout.write("ready\n");
await running;
