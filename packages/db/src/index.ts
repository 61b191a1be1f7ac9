// @industryos/db: the Prisma schema's client, tenant-scoped access, migrations and seeds.
// Telemetry lives in "@industryos/db/telemetry", test helpers in "@industryos/db/testing".

/** Clients of one process: `forTenant(id)` (RLS), `system` (BYPASSRLS), raw pools, `close()`. */
export { createDatabaseClients, type DatabaseClients, type TenantClient, type SystemClient } from "./clients.ts";
/** Streaming replicas for history reads, least busy first, the primary when none answers. */
export { createReadReplicas, type ReadReplicas, type ReadReplicaOptions } from "./read-replicas.ts";
/** The replicas' state changes (unreachable, back, lagging, caught up) as log lines. */
export { replicaLogging, type ReplicaLogger } from "./replica-logging.ts";
/** A service's clients from its configuration, DATABASE_READ_URL's replicas included, their changes logged. */
export { createServiceDatabaseClients } from "./service-clients.ts";
/** Pool clients listened to from the hand-over on (never `await pool.connect()`), in a transaction or not. */
export { checkOut, withPoolClient } from "./checkout.ts";
/** Applies prisma/migrations once each, in order, under an advisory lock; creates the roles. */
export {
  migrate,
  listMigrations,
  MigrationError,
  type MigrateOptions,
  type MigrateResult,
  type MigrationFile,
} from "./migrate.ts";
/** Thrown by updateMany/deleteMany when `where` is missing or holds `undefined`. */
export { UnsafeWhereError } from "./extensions/disallow-undefined-where.ts";
/** Validates a tenant id (UUID) before it reaches SQL. */
export { assertTenantId } from "./extensions/tenant.ts";
/** argon2id hashing for passwords and device secrets; access tokens; MQTT_BASIC lookup keys. */
export { hashSecret, verifySecret, generateAccessToken, mqttBasicCredentialsId } from "./secrets.ts";
/** An attribute's value from its typed columns, as plain JSON. */
export { attributeValueOf, type AttributeValueColumns } from "./attribute-value.ts";
/** JWT device credentials: the lookup key from the issuer's tenant and the device claim. */
export { jwtCredentialsId } from "./jwt-credentials.ts";
/** Seed factories (privileged client) shared by tests, the seed script and e2e fixtures. */
export {
  createTenant,
  createCustomer,
  createUser,
  createDeviceProfile,
  defaultDeviceProfile,
  createDevice,
  createAsset,
  createDashboard,
} from "./seed/factories.ts";
/** Idempotent demo tenant: returns the demo login and the demo devices' access tokens. */
export { seedDemoTenant, DEMO_EMAIL, type DemoLogin } from "./seed/demo.ts";
/** Generated Prisma types: model types, enums, and the `Prisma` namespace (inputs, errors). */
export * from "./generated/prisma/client.ts";
