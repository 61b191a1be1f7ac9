import type { DatabaseClients } from "@industryos/db";
import { pgTelemetryDatabase } from "@industryos/db/telemetry";
import type { Logger } from "@industryos/runtime";
import { alarmRules } from "@industryos/rules";
import { compileRule, type CompiledRule } from "./conditions.ts";

/**
 * Published (`{tenantId, deviceProfileId}`) when a device profile's alarm rules change, so
 * workers drop their copy at once; until the API publishes it, `ttlMs` bounds how stale a copy
 * gets. (The API's profile update is the one writer: it should publish here after its commit.)
 */

export interface CompiledProfile {
  rules: CompiledRule[];
  /** Every TIME_SERIES key the rules read. */
  timeseriesKeys: Set<string>;
  /** Every attribute the rules read (ATTRIBUTE conditions and thresholds). */
  attributeKeys: string[];
}

const MAX_ENTRIES = 10_000;
const NONE: CompiledProfile = { rules: [], timeseriesKeys: new Set(), attributeKeys: [] };

/**
 * Device profiles' alarm rules, parsed with the schema the API validated them with and compiled
 * (conditions.ts), per profile id, cached for `ttlMs` and dropped on DEVICE_PROFILES_CHANGED_CHANNEL.
 * Rules that no longer parse (stored under an older schema) are logged once per load and
 * ignored, rather than failing every message of the profile's devices.
 */
export function createProfileDirectory(
  db: Pick<DatabaseClients, "appPool" | "systemPool">,
  ttlMs: number,
  logger: Logger,
) {
  const sql = pgTelemetryDatabase(db);
  const cache = new Map<string, { expires: number; profile: Promise<CompiledProfile> }>();

  async function load(tenantId: string, profileId: string): Promise<CompiledProfile> {
    const [row] = (
      await sql.asTenant(tenantId, (client) =>
        client.query<{ alarmRules: unknown }>(`SELECT "alarmRules" FROM "DeviceProfile" WHERE id = $1`, [profileId]),
      )
    ).rows;
    if (!row) return NONE;
    const parsed = alarmRules.safeParse(row.alarmRules ?? []);
    if (!parsed.success) {
      logger.warn(
        { tenantId, deviceProfileId: profileId, issues: parsed.error.issues },
        "alarm rules ignored: invalid",
      );
      return NONE;
    }
    if (parsed.data.length === 0) return NONE;
    const rules = parsed.data.map(compileRule);
    const timeseriesKeys = new Set<string>();
    const attributeKeys = new Set<string>();
    for (const rule of rules) {
      rule.timeseriesKeys.forEach((k) => timeseriesKeys.add(k));
      rule.attributeKeys.forEach((k) => attributeKeys.add(k));
    }
    return { rules, timeseriesKeys, attributeKeys: [...attributeKeys] };
  }

  return {
    get(tenantId: string, profileId: string): Promise<CompiledProfile> {
      const now = Date.now();
      const hit = cache.get(profileId);
      if (hit && hit.expires > now) return hit.profile;
      if (cache.size >= MAX_ENTRIES) cache.clear();
      const profile = load(tenantId, profileId);
      cache.set(profileId, { expires: now + ttlMs, profile });
      profile.catch(() => cache.delete(profileId));
      return profile;
    },
    /** Drops one profile, or all. */
    forget(profileId?: string) {
      if (profileId) cache.delete(profileId);
      else cache.clear();
    },
  };
}

export type ProfileDirectory = ReturnType<typeof createProfileDirectory>;
