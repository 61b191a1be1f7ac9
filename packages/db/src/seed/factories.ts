// Seed factories shared by tests, the seed script and Playwright fixtures. They write through
// the privileged client (setup happens outside any tenant) and make unique names by default.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { ITXClientDenyList } from "@prisma/client/runtime/client";
import type { SystemClient as FullSystemClient } from "../clients.ts";
import type { Prisma, UserRole } from "../generated/prisma/client.ts";
import { generateAccessToken, hashSecret } from "../secrets.ts";

/** The privileged client or one of its interactive transactions. */
export type SeedClient = Omit<FullSystemClient, ITXClientDenyList>;

let counter = 0;
const unique = (prefix: string) => `${prefix}-${++counter}-${randomUUID().slice(0, 8)}`;

/** A tenant named uniquely unless `name` is given. */
export function createTenant(db: SeedClient, data: Partial<Prisma.TenantUncheckedCreateInput> = {}) {
  return db.tenant.create({ data: { name: unique("tenant"), ...data } });
}

/** A customer of `tenantId`. */
export function createCustomer(
  db: SeedClient,
  data: { tenantId: string } & Partial<Prisma.CustomerUncheckedCreateInput>,
) {
  return db.customer.create({ data: { title: unique("customer"), ...data } });
}

/**
 * A user; TENANT_ADMIN by default (SYS_ADMIN when no tenantId), email verified. `password` is
 * hashed with argon2id; pass `passwordHash` to store one as is.
 */
export async function createUser(
  db: SeedClient,
  data: { tenantId?: string | null; role?: UserRole; password?: string } & Partial<
    Omit<Prisma.UserUncheckedCreateInput, "role">
  >,
) {
  const { password, ...rest } = data;
  const role: UserRole =
    data.role ?? (data.tenantId ? (data.customerId ? "CUSTOMER_USER" : "TENANT_ADMIN") : "SYS_ADMIN");
  return db.user.create({
    data: {
      email: `${unique("user")}@example.test`,
      emailVerifiedAt: new Date(),
      ...rest,
      role,
      tenantId: rest.tenantId ?? null,
      ...(password !== undefined ? { passwordHash: await hashSecret(password) } : {}),
    },
  });
}

/** A device profile of `tenantId` (transport DEFAULT). */
export function createDeviceProfile(
  db: SeedClient,
  data: { tenantId: string } & Partial<Prisma.DeviceProfileUncheckedCreateInput>,
) {
  return db.deviceProfile.create({ data: { name: unique("profile"), ...data } });
}

/** The tenant's default device profile, created on first use. */
export async function defaultDeviceProfile(db: SeedClient, tenantId: string) {
  const existing = await db.deviceProfile.findFirst({ where: { tenantId, isDefault: true } });
  return existing ?? db.deviceProfile.create({ data: { tenantId, name: "default", isDefault: true } });
}

/**
 * A device with an ACCESS_TOKEN credential (random unless `accessToken` is given), in the
 * tenant's default profile unless `deviceProfileId` is given.
 */
export async function createDevice(
  db: SeedClient,
  data: { tenantId: string; accessToken?: string } & Partial<Omit<Prisma.DeviceUncheckedCreateInput, "tenantId">>,
) {
  const { accessToken = generateAccessToken(), ...rest } = data;
  const deviceProfileId = rest.deviceProfileId ?? (await defaultDeviceProfile(db, rest.tenantId)).id;
  // One nested write: device and credential are created atomically.
  const { credentials, ...device } = await db.device.create({
    data: {
      name: unique("device"),
      ...rest,
      deviceProfileId,
      credentials: { create: { type: "ACCESS_TOKEN", credentialsId: accessToken } },
    },
    include: { credentials: true },
  });
  return { device, credential: credentials[0]!, accessToken };
}

/** An asset (with the tenant's default asset profile unless `assetProfileId` is given). */
export async function createAsset(
  db: SeedClient,
  data: { tenantId: string } & Partial<Omit<Prisma.AssetUncheckedCreateInput, "tenantId">>,
) {
  const assetProfileId =
    data.assetProfileId ??
    (
      (await db.assetProfile.findFirst({ where: { tenantId: data.tenantId, isDefault: true } })) ??
      (await db.assetProfile.create({ data: { tenantId: data.tenantId, name: "default", isDefault: true } }))
    ).id;
  return db.asset.create({ data: { name: unique("asset"), ...data, assetProfileId } });
}

/** A dashboard of `tenantId`. */
export function createDashboard(
  db: SeedClient,
  data: { tenantId: string } & Partial<Prisma.DashboardUncheckedCreateInput>,
) {
  return db.dashboard.create({ data: { title: unique("dashboard"), ...data } });
}

/**
 * An API key of `tenantId` created by `createdById` ("read" and "write" unless `scopes` says), stored as
 * packages/api stores one (`iok_` + random, only its SHA-256 kept). Returns the key, for `Authorization: Bearer`.
 */
export async function createApiKey(
  db: SeedClient,
  data: { tenantId: string; createdById: string; scopes?: string[]; name?: string },
): Promise<string> {
  const key = `iok_${randomBytes(24).toString("base64url")}`;
  await db.apiKey.create({
    data: {
      tenantId: data.tenantId,
      name: data.name ?? unique("api-key"),
      keyHash: createHash("sha256").update(key).digest("hex"),
      prefix: key.slice(0, 10),
      scopes: data.scopes ?? ["read", "write"],
      createdById: data.createdById,
    },
  });
  return key;
}
