import { limitsOf } from "./tenant-limits.ts";

interface TenantRow {
  id: string;
  name: string;
  email: string | null;
  settings: unknown;
  createdAt: Date;
  _count: { devices: number; users: number };
}

export const toView = (t: TenantRow) => ({
  id: t.id,
  name: t.name,
  email: t.email,
  limits: limitsOf(t.settings),
  deviceCount: t._count.devices,
  userCount: t._count.users,
  createdAt: t.createdAt.toISOString(),
});

export const counts = { _count: { select: { devices: true, users: true } } } as const;
