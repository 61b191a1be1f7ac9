import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { disallowUndefinedWhere } from "./extensions/disallow-undefined-where.ts";
import { tenantScope } from "./extensions/tenant.ts";
import { createReadReplicas, type ReadReplicas } from "./read-replicas.ts";
import { PrismaClient } from "./generated/prisma/client.ts";

function basePrisma(pool: pg.Pool) {
  return new PrismaClient({ adapter: new PrismaPg(pool) }).$extends(disallowUndefinedWhere);
}

type BasePrisma = ReturnType<typeof basePrisma>;

/** A Prisma client limited by row-level security to one tenant (see `forTenant`). */
export type TenantClient = ReturnType<typeof scopedTo>;
/** The privileged Prisma client (BYPASSRLS role) for the few system paths. */
export type SystemClient = BasePrisma;

function scopedTo(base: BasePrisma, tenantId: string) {
  return base.$extends(tenantScope(tenantId));
}

export interface DatabaseClients {
  /**
   * A Prisma client whose every query runs, as the application role (no BYPASSRLS), in a
   * transaction that first sets `app.tenant_id`: row-level security makes other tenants' rows
   * invisible and unwritable, raw SQL included. `$transaction(async (tx) => ...)` is supported
   * (the tenant is set once at its start); the array form `$transaction([...])` is not.
   */
  forTenant(tenantId: string): TenantClient;
  /** Privileged client (BYPASSRLS): sign-up, login, device authentication, system admin only. */
  system: SystemClient;
  /** pg pool of the application role; set `app.tenant_id` yourself in a transaction. */
  appPool: pg.Pool;
  /** pg pool of the system role (BYPASSRLS): bulk paths such as telemetry ingest. */
  systemPool: pg.Pool;
  /**
   * The streaming replicas (DATABASE_READ_URL) for reads that may trail the primary: telemetry
   * history. With none configured, or none answering, their reads run on `appPool`.
   */
  reads: ReadReplicas;
  /** Disconnects both clients and ends every pool. */
  close(): Promise<void>;
}

/** Builds the application-role and system-role clients and pools of one process. */
export function createDatabaseClients(opts: {
  appUrl: string;
  systemUrl: string;
  poolSize?: number;
  /** Replica URLs with the application role's credentials (`databaseUrls(config).reads`). */
  readUrls?: readonly string[];
  /** A replica went down or came back (default: a console line). */
  onReplicaChange?: (event: { host: string; up: boolean; error?: Error }) => void;
  /** DATABASE_READ_MAX_LAG_MS: a replica trailing by more is passed over (0: no ceiling). */
  readMaxLagMs?: number;
  /** A replica went over the lag ceiling or came back under it (default: a console line). */
  onReplicaLag?: (event: { host: string; behind: boolean; lagMs: number }) => void;
}): DatabaseClients {
  const max = opts.poolSize ?? 10;
  const appPool = new pg.Pool({ connectionString: opts.appUrl, max, application_name: "industryos-app" });
  const systemPool = new pg.Pool({ connectionString: opts.systemUrl, max, application_name: "industryos-system" });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  appPool.on("error", () => {});
  systemPool.on("error", () => {});
  const app = basePrisma(appPool);
  const system = basePrisma(systemPool);
  const reads = createReadReplicas({
    urls: opts.readUrls ?? [],
    primary: appPool,
    poolSize: max,
    onChange: opts.onReplicaChange,
    maxLagMs: opts.readMaxLagMs,
    onLagChange: opts.onReplicaLag,
  });
  return {
    forTenant: (tenantId) => scopedTo(app, tenantId),
    system,
    appPool,
    systemPool,
    reads,
    async close() {
      await Promise.allSettled([app.$disconnect(), system.$disconnect()]);
      await Promise.allSettled([appPool.end(), systemPool.end(), reads.close()]);
    },
  };
}
