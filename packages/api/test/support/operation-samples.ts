import { ENTITY_PATH_TYPES } from "../../src/services/entities/schemas.ts";

/**
 * Values for path parameters other than `{id}`, valid for the records the cross-tenant suite
 * creates. An operation whose path names a parameter missing here has no cross-tenant case, and
 * the registry test fails. A list means one case per value: `/{entityType}/{id}/...` runs once
 * per entity type, with `{id}` the other tenant's record of that type (`tenants`: its tenant id;
 * `rule-engine`, whose `{id}` is a dead letter's Redis stream id: a dead letter of that tenant).
 */
export const SAMPLE_PATH_PARAMS: Record<string, string | readonly string[]> = {
  scope: "SHARED",
  /** A rule chain's first version (every chain has one). */
  version: "1",
  entityType: ENTITY_PATH_TYPES,
  /** The cross-tenant suite gives tenant A's webhook delivery this id. */
  deliveryId: "5a1e0000-0000-4000-8000-00000000d311",
  /** A report run and one of its files (the schedule in `{id}` is the other tenant's, so neither is reached). */
  runId: "6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b",
  fileName: "data.csv",
  /** Claiming names the device: tenant A's device (the cross-tenant suite's). */
  deviceName: "A's device",
};
