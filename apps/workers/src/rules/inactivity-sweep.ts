import type { DatabaseClients } from "@industryos/db";
import type { UplinkPublisher } from "@industryos/device-bus";
import { INACTIVITY_TIMEOUT_MS, type PlatformEvent } from "@industryos/device-protocol";
import type { Logger, RedisClient } from "@industryos/runtime";

const LEASE_KEY = "rule-engine:inactivity-sweep";
/** Epoch ms up to which devices' silences have been announced. */
const WATERMARK_KEY = "rule-engine:inactivity-watermark";
const BATCH = 5_000;

export interface InactivitySweepOptions {
  db: Pick<DatabaseClients, "system">;
  redis: RedisClient;
  events: UplinkPublisher;
  logger: Logger;
  intervalMs: number;
  timeoutMs?: number;
  now?: () => number;
}

interface SilentDevice {
  id: string;
  tenantId: string;
  name: string;
  type: string;
  lastActivityAt: Date;
}

/**
 * Tells the rule engine when a device falls silent: INACTIVITY_EVENT (ThingsBoard's name) once
 * its last report is INACTIVITY_TIMEOUT_MS old. Every `intervalMs` one workers process (a Redis
 * lease) announces the devices whose last report crossed that age since the previous sweep (a
 * Redis watermark), so each silence is announced once however many processes run, and one query
 * covers all tenants. A device that reports again gets ingest's ACTIVITY_EVENT.
 */
export async function sweepInactiveDevices(options: InactivitySweepOptions): Promise<number> {
  const now = options.now?.() ?? Date.now();
  const timeoutMs = options.timeoutMs ?? INACTIVITY_TIMEOUT_MS;
  const leased = await options.redis.set(LEASE_KEY, String(now), "PX", Math.max(1_000, options.intervalMs - 100), "NX");
  if (leased !== "OK") return 0;
  const until = now - timeoutMs;
  const stored = Number(await options.redis.get(WATERMARK_KEY));
  // The first sweep of a platform looks one interval back rather than announcing every old silence.
  const since = Number.isFinite(stored) && stored > 0 ? stored : until - options.intervalMs;
  if (until <= since) return 0;
  const silent = await options.db.system.$queryRaw<SilentDevice[]>`
    SELECT id, "tenantId", name, type, "lastActivityAt" FROM "Device"
    WHERE "lastActivityAt" > ${new Date(since)} AND "lastActivityAt" <= ${new Date(until)}
    ORDER BY "lastActivityAt" LIMIT ${BATCH}`;
  if (silent.length > 0) {
    const events: PlatformEvent[] = silent.map((device) => ({
      type: "EVENT",
      tenantId: device.tenantId,
      msgType: "INACTIVITY_EVENT",
      originatorType: "DEVICE",
      originatorId: device.id,
      receivedAt: now,
      metadata: { deviceName: device.name, deviceType: device.type },
      data: JSON.stringify({
        active: false,
        lastActivityTime: device.lastActivityAt.getTime(),
        inactivityAlarmTime: device.lastActivityAt.getTime() + timeoutMs,
      }),
    }));
    await options.events(events);
  }
  // A full batch may have left devices of the same window: continue from the last one next time.
  const reached = silent.length === BATCH ? silent[silent.length - 1]!.lastActivityAt.getTime() : until;
  await options.redis.set(WATERMARK_KEY, String(reached));
  return silent.length;
}

/** Runs the sweep every `intervalMs` until stopped. */
export function startInactivitySweep(options: InactivitySweepOptions): { stop(): void } {
  const timer = setInterval(() => {
    sweepInactiveDevices(options).catch((error: unknown) =>
      options.logger.warn({ err: error }, "inactivity sweep failed; next interval retries"),
    );
  }, options.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
