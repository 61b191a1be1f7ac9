import { invalidateCredential, invalidateDeviceCredentials } from "@industryos/device-bus";
import { RULE_CHAINS_CHANGED_CHANNEL } from "@industryos/device-protocol";
import type { Logger, RedisClient } from "@industryos/runtime";
import type pg from "pg";
import { cloudClient, type CloudLink } from "./cloud-client.ts";
import { storeDownlinkPage } from "./store-downlink.ts";
import { dropAcknowledged, nextBatch, numberReadyEntries } from "./uplink-queue.ts";

export interface EdgeSyncOptions {
  link: CloudLink;
  /** The edge database's system-role pool. */
  pool: pg.Pool;
  /** The edge's Redis: workers drop compiled rule chains and ingest cached credentials on what came down. */
  redis: RedisClient;
  logger: Logger;
  downlinkIntervalMs: number;
  uplinkBatch: number;
  retryMaxMs: number;
  /** How often an empty queue is looked at again (default 200 ms). */
  uplinkPollMs?: number;
}

export interface EdgeSync {
  /** Resolves once the first downlink (a full sync on a new edge) is stored. */
  firstSync: Promise<void>;
  stop(): Promise<void>;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const wake = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", wake);
      resolve();
    };
    const timer = setTimeout(wake, ms);
    signal.addEventListener("abort", wake, { once: true });
  });

/**
 * Edge mode's two loops (docs/edge.md). Downlink: pull what changed in the cloud, page by page, into the
 * local database. Uplink: number the queue's entries, push them in order in batches, drop them once the cloud
 * has acknowledged them. Either loop backs off (doubling up to retryMaxMs) while the cloud cannot be reached;
 * devices are served locally meanwhile and the queue grows.
 */
export async function startEdgeSync(opts: EdgeSyncOptions): Promise<EdgeSync> {
  const { pool, logger } = opts;
  const cloud = cloudClient(opts.link);
  await pool.query("SELECT edge_open_link($1, $2)", [opts.link.url, opts.link.key]);
  const abort = new AbortController();
  const { signal } = abort;

  const recordError = (error: unknown) =>
    pool
      .query("UPDATE edge_cloud_link SET last_error = $1", [error instanceof Error ? error.message : String(error)])
      .catch(() => {});

  /** Runs `step` until stopped: again at once when it says so, after `idleMs` when idle, backing off on errors. */
  const loop = async (name: string, step: () => Promise<boolean>, idleMs: number) => {
    let backoff = 250;
    while (!signal.aborted) {
      try {
        const busy = await step();
        backoff = 250;
        if (!busy) await sleep(idleMs, signal);
      } catch (error) {
        logger.warn({ err: error instanceof Error ? error.message : error, retryInMs: backoff }, `edge ${name} failed`);
        await recordError(error);
        await sleep(backoff, signal);
        backoff = Math.min(backoff * 2, opts.retryMaxMs);
      }
    }
  };

  let firstDone: () => void = () => {};
  const firstSync = new Promise<void>((resolve) => (firstDone = resolve));

  const downlinkStep = async () => {
    const { rows } = await pool.query<{ cursor: string | null }>(
      "SELECT downlink_cursor AS cursor FROM edge_cloud_link",
    );
    const page = await cloud.downlink(rows[0]?.cursor ?? null, 500);
    await storeDownlinkPage(pool, page);
    // Stored and passed: a failed announcement is logged, not retried (the page will not come again).
    try {
      for (const chain of page.ruleChains)
        await opts.redis.publish(
          RULE_CHAINS_CHANGED_CHANNEL,
          JSON.stringify({ tenantId: page.tenant.id, ruleChainId: chain.id }),
        );
      for (const credential of page.credentials) {
        await invalidateDeviceCredentials(opts.redis, credential.deviceId);
        // A device that tried its new token before it came down is cached as unknown under it.
        if (credential.type === "ACCESS_TOKEN" || credential.type === "X509_CERTIFICATE")
          await invalidateCredential(opts.redis, credential.type, credential.credentialsId);
      }
    } catch (error) {
      logger.warn({ err: error instanceof Error ? error.message : error }, "edge downlink stored, but not announced");
    }
    if (!page.more) firstDone();
    return page.more;
  };

  const uplinkStep = async () => {
    await numberReadyEntries(pool, opts.uplinkBatch);
    const batch = await nextBatch(pool, opts.uplinkBatch);
    if (batch.length === 0) return false;
    const result = await cloud.uplink(batch);
    await dropAcknowledged(pool, result.uplinkSeq);
    if (result.unknown > 0) logger.warn({ dropped: result.unknown }, "the cloud has no device for some uplink entries");
    return true;
  };

  const downlink = loop("downlink", downlinkStep, opts.downlinkIntervalMs);
  // Numbering waits for the first downlink: it carries the cloud's uplinkSeq, which a replaced database
  // must number on from.
  const uplink = firstSync.then(() => loop("uplink", uplinkStep, opts.uplinkPollMs ?? 200));
  return {
    firstSync,
    async stop() {
      abort.abort();
      firstDone();
      await Promise.all([downlink, uplink]);
    },
  };
}
