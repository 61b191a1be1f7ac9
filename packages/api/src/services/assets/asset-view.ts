export const include = { profile: { select: { name: true } }, customer: { select: { title: true } } } as const;

interface AssetRow {
  id: string;
  name: string;
  label: string | null;
  type: string;
  assetProfileId: string;
  customerId: string | null;
  createdAt: Date;
  profile: { name: string };
  customer: { title: string } | null;
}

export const toView = (a: AssetRow) => ({
  id: a.id,
  name: a.name,
  label: a.label,
  type: a.type,
  profileId: a.assetProfileId,
  profileName: a.profile.name,
  customerId: a.customerId,
  customerTitle: a.customer?.title ?? null,
  createdAt: a.createdAt.toISOString(),
});
