interface CustomerRow {
  id: string;
  title: string;
  email: string | null;
  phone: string | null;
  createdAt: Date;
  _count?: { devices: number; assets: number; users: number };
}

export const toView = (c: CustomerRow) => ({
  id: c.id,
  title: c.title,
  email: c.email,
  phone: c.phone,
  createdAt: c.createdAt.toISOString(),
  ...(c._count ? { deviceCount: c._count.devices, assetCount: c._count.assets, userCount: c._count.users } : {}),
});

export const withCounts = { _count: { select: { devices: true, assets: true, users: true } } } as const;
