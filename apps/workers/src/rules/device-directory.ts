import type { DatabaseClients } from "@industryos/db";
import type { DeviceInfo } from "./rule-messages.ts";

/** A device as the rule engine needs it: metadata for its messages, its profile's chain and alarm rules. */
export interface RuleDevice extends DeviceInfo {
  id: string;
  /** The device profile's `defaultRuleChainId`: the chain its messages go through instead of the root chain. */
  ruleChainId: string | null;
  /** Its device profile (whose alarm rules the profile-alarms evaluator runs). */
  profileId: string;
  /** Its customer (alarm thresholds read from attributes fall back to the customer's). */
  customerId: string | null;
}

const MAX_ENTRIES = 100_000;

/**
 * Devices by id, cached for `ttlMs` (a renamed device shows its new name within that time; a
 * chain change drops the cache at once, since a profile's chain may be what changed). Read
 * under the tenant's row-level security, so a message can only ever name its own tenant's device.
 */
export function createDeviceDirectory(db: DatabaseClients, ttlMs: number) {
  const cache = new Map<string, { expires: number; device: Promise<RuleDevice | null> }>();

  async function load(tenantId: string, deviceId: string): Promise<RuleDevice | null> {
    const row = await db.forTenant(tenantId).device.findFirst({
      where: { id: deviceId },
      select: {
        name: true,
        type: true,
        customerId: true,
        deviceProfileId: true,
        profile: { select: { defaultRuleChainId: true } },
      },
    });
    return row
      ? {
          id: deviceId,
          name: row.name,
          type: row.type,
          ruleChainId: row.profile.defaultRuleChainId,
          profileId: row.deviceProfileId,
          customerId: row.customerId,
        }
      : null;
  }

  return {
    /** The device, or null when it does not exist (deleted since the message was sent). */
    get(tenantId: string, deviceId: string): Promise<RuleDevice | null> {
      const key = `${tenantId}/${deviceId}`;
      const now = Date.now();
      const hit = cache.get(key);
      if (hit && hit.expires > now) return hit.device;
      if (cache.size >= MAX_ENTRIES) cache.clear();
      const device = load(tenantId, deviceId);
      cache.set(key, { expires: now + ttlMs, device });
      // A failed lookup is not remembered: the next message asks again.
      device.catch(() => cache.delete(key));
      return device;
    },
    clear() {
      cache.clear();
    },
  };
}

export type DeviceDirectory = ReturnType<typeof createDeviceDirectory>;
