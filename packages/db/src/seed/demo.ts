import type { DatabaseClients } from "../clients.ts";
import { hashSecret, verifySecret } from "../secrets.ts";
import { PLANT_OVERVIEW_TITLE, plantOverviewConfiguration } from "./demo-dashboard.ts";
import { createDevice, defaultDeviceProfile } from "./factories.ts";

export const DEMO_EMAIL = "demo@industryos.local";
export const DEMO_DEVICE_NAMES = ["Boiler room sensor", "Chiller 1", "Chiller 2", "Compressor A", "Line 3 meter"];

export interface DemoLogin {
  tenantId: string;
  email: string;
  password: string;
  devices: { id: string; name: string; accessToken: string }[];
}

// Serialises concurrent seeders (two processes starting at once) inside PostgreSQL.
const SEED_LOCK = 7_240_011_003;

/**
 * Creates the demo tenant (admin `demo@industryos.local`, default profile, a few devices with
 * access tokens, a "Plant overview" dashboard over them) unless it exists, and returns the login and
 * device tokens. Idempotent: a second
 * run returns the same tenant and tokens; the password is reset to `password` if it differs.
 */
export async function seedDemoTenant(
  clients: Pick<DatabaseClients, "system">,
  opts: { password?: string } = {},
): Promise<DemoLogin> {
  const db = clients.system;
  const password = opts.password ?? process.env.DEMO_PASSWORD ?? "industryos-demo";
  const passwordHash = await hashSecret(password);
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SEED_LOCK})`;
      let user = await tx.user.findUnique({ where: { email: DEMO_EMAIL } });
      if (!user) {
        const tenant = await tx.tenant.create({ data: { name: "Demo Industries", email: DEMO_EMAIL } });
        user = await tx.user.create({
          data: {
            tenantId: tenant.id,
            email: DEMO_EMAIL,
            name: "Demo Admin",
            role: "TENANT_ADMIN",
            passwordHash,
            emailVerifiedAt: new Date(),
          },
        });
      } else if (!user.passwordHash || !(await verifySecret(user.passwordHash, password))) {
        await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
      }
      const tenantId = user.tenantId!;
      const profile = await defaultDeviceProfile(tx, tenantId);
      const devices: DemoLogin["devices"] = [];
      for (const name of DEMO_DEVICE_NAMES) {
        const existing = await tx.device.findUnique({
          where: { tenantId_name: { tenantId, name } },
          include: { credentials: { where: { type: "ACCESS_TOKEN" } } },
        });
        if (existing?.credentials[0]) {
          devices.push({ id: existing.id, name, accessToken: existing.credentials[0].credentialsId });
        } else if (!existing) {
          const created = await createDevice(tx, { tenantId, name, type: "sensor", label: name });
          devices.push({ id: created.device.id, name, accessToken: created.accessToken });
        }
      }
      // Once per tenant (remembered in its settings): a demo user who deletes or renames it keeps their choice.
      const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { settings: true } });
      if (!(tenant.settings as { demo?: { dashboardSeeded?: boolean } } | null)?.demo?.dashboardSeeded) {
        const ids = await tx.device.findMany({ where: { tenantId, name: { in: DEMO_DEVICE_NAMES } } });
        const configuration = plantOverviewConfiguration(
          Object.fromEntries(ids.map((d) => [d.name, d.id])),
          profile.id,
        );
        await tx.dashboard.create({ data: { tenantId, title: PLANT_OVERVIEW_TITLE, configuration } });
        await tx.$executeRaw`UPDATE "Tenant" SET settings = jsonb_set(settings, '{demo}', '{"dashboardSeeded": true}'::jsonb) WHERE id = ${tenantId}::uuid`;
      }
      return { tenantId, email: DEMO_EMAIL, password, devices };
    },
    { timeout: 30_000 },
  );
}
