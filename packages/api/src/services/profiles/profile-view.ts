interface ProfileRow {
  id: string;
  name: string;
  description: string | null;
  isDefault: boolean;
  createdAt: Date;
}

export const toView = (p: ProfileRow) => ({
  id: p.id,
  name: p.name,
  description: p.description,
  isDefault: p.isDefault,
  createdAt: p.createdAt.toISOString(),
});
