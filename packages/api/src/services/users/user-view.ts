interface UserRow {
  id: string;
  email: string;
  name: string | null;
  role: string;
  customerId: string | null;
  emailVerifiedAt: Date | null;
  disabledAt: Date | null;
  lastLoginAt: Date | null;
  createdAt: Date;
}

export const toView = (u: UserRow) => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  customerId: u.customerId,
  emailVerified: u.emailVerifiedAt !== null,
  disabled: u.disabledAt !== null,
  lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
  createdAt: u.createdAt.toISOString(),
});
