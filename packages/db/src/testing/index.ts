// @industryos/db/testing: helpers for tests against real PostgreSQL.

/** A fresh migrated database per caller, cloned from a per-migration-set template. */
export { createTestDatabase, type TestDatabase } from "./test-database.ts";
/** Seed factories, also exported from "@industryos/db". */
export * from "../seed/factories.ts";
